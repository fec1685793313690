// cdk-nag (v3: rule packs are CDK validation plugins, findings are acknowledged with Validations.of())
// over the synthesised app, the parent stack and the nested event backbone alike: no unacknowledged error
// or warning, and every acknowledgement says why.
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../functions/app/rules.ts';
import { SCHEDULES } from '../../functions/app/schedules.ts';
import type { ScheduleDeclaration } from '../../functions/platform/declarations.ts';
import { applyNagChecks, type BuildAppOptions, buildApp, nagPacks } from '../../lib/app.ts';
import type { ClienteleStack } from '../../lib/clientele-stack.ts';

// While SCHEDULES is empty, one stand-in declaration puts the schedule loop's resources under the checks.
const schedules: readonly ScheduleDeclaration[] =
  SCHEDULES.length > 0
    ? SCHEDULES
    : [
        {
          name: 'StandInDaily',
          description: 'Stand-in schedule for the nag test',
          expression: 'cron(0 6 * * ? *)',
          handler: RULES[0]?.handler ?? 'health',
        },
      ];

interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
  readonly description: string;
}

function findings(scope: Parameters<ReturnType<typeof nagPacks>[number]['validateScope']>[0]): Finding[] {
  return nagPacks().flatMap((pack) =>
    pack.validateScope(scope).violations.map((violation) => ({
      pack: pack.readPackName,
      rule: violation.ruleName,
      severity: violation.severity ?? 'unknown',
      paths: violation.violatingResources.map(
        (resource) => resource.constructPath ?? resource.resourceLogicalId ?? '?',
      ),
      description: violation.description,
    })),
  );
}

const readable = (list: readonly Finding[]) =>
  list
    .map(
      (finding) =>
        `${finding.severity} ${finding.rule} at ${finding.paths.join(', ')}\n  ${finding.description}`,
    )
    .join('\n');

/**
 * The stack as `cdk synth` hands it to the packs: synthesised, so that what the nested stack reads from the
 * parent is wired (CDK turns each such value into a nested-stack parameter while it synthesises, and a
 * finding names the parameter).
 */
function synthesised(options: BuildAppOptions = {}, change?: (stack: ClienteleStack) => void) {
  const { app, stack } = buildApp({ bundling: false, ...options });
  change?.(stack);
  app.synth();
  return stack;
}

describe('cdk-nag', () => {
  const stack = synthesised({ schedules });
  const all = findings(stack);

  it('leaves no unacknowledged AwsSolutions error or warning', () => {
    const awsSolutions = all.filter((finding) => finding.rule.startsWith('AwsSolutions-'));
    expect(awsSolutions, readable(awsSolutions)).toEqual([]);
  });

  it('leaves no unacknowledged Serverless error or warning', () => {
    const serverless = all.filter((finding) => finding.rule.startsWith('Serverless-'));
    expect(serverless, readable(serverless)).toEqual([]);
  });

  it('reports nothing from any other pack either', () => {
    expect(all, readable(all)).toEqual([]);
  });

  it('stays clean when the environment is known, as under `cdk synth` (ARNs then spell the region)', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'eu-west-1';
    try {
      const found = findings(synthesised({ schedules }));
      expect(found, readable(found)).toEqual([]);
    } finally {
      for (const [name, value] of [
        ['CDK_DEFAULT_ACCOUNT', saved.account],
        ['CDK_DEFAULT_REGION', saved.region],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it.each([
    ['parent stack', (stack: ClienteleStack) => stack],
    ['nested event backbone', (stack: ClienteleStack) => stack.eventsStack],
  ] as const)('does catch a finding in the %s (the packs really walk the tree)', (_where, scopeOf) => {
    let path = '';
    const probe = synthesised({}, (stack) => {
      path = new Queue(scopeOf(stack), 'UnacknowledgedQueue').node.path;
    });
    const caught = findings(probe).filter((finding) => finding.paths.some((at) => at.startsWith(path)));
    expect(caught.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']),
    );
    expect(caught.map((finding) => finding.severity)).toContain('error');
  });

  it('fails the synthesis on a finding in the nested stack, with the packs registered as bin/clientele.ts does', () => {
    const { app, stack: probe } = buildApp({ bundling: false });
    new Queue(probe.eventsStack, 'UnacknowledgedQueue');
    applyNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3[\s\S]*EventBackbone\/UnacknowledgedQueue/);
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>)),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(typeof reason === 'string' && reason.length >= 40, `${id} needs a real reason`).toBe(true);
    }
  });

  it('passes synthesis with the packs registered the way bin/clientele.ts registers them', () => {
    const { app } = buildApp({ bundling: false, schedules });
    applyNagChecks(app);
    expect(() => app.synth()).not.toThrow();
  });
});
