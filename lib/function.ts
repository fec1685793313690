// The one Lambda wrapper with the house defaults (Node 24 on arm64, ESM, minified, source maps, its own
// log group and least-privilege role, X-Ray), and the bind helpers that grant access and set the matching
// environment variable together, so a handler never has a permission without its configuration or back.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnElement, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type FunctionOptions, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { functionName, type TableAccess } from '../functions/platform/declarations.ts';

/** The repository root: handlers are `functions/<name>.ts` under it, the lock file sits in it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const SERVICE_NAME = 'clientele';

/**
 * esbuild settings of every function, exported so the bundle benchmark builds exactly what CDK builds.
 * ESM with a `require` shim: the few CommonJS dependencies that call `require` keep working in an ESM bundle.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  // Stack traces only need the mappings; embedding the sources would double the artifact for nothing.
  sourcesContent: false,
  target: 'node24',
  // The SDK is bundled, not taken from the runtime: one minified file loads in about half the time of the
  // runtime's many-file SDK (measured in bench/RESULTS.md), and the version is the one tested here.
  externalModules: [],
  // Lambda hands a function its credentials in the environment: the SDK's default chain (SSO, INI files,
  // processes, web identity, instance metadata) is replaced by the environment's provider alone.
  esbuildArgs: {
    '--alias:@aws-sdk/credential-provider-node': './functions/platform/lambda-credentials.ts',
    // Streaming operations' codec, loaded only by operations no function calls.
    '--alias:@smithy/core/event-streams': './functions/platform/no-event-streams.ts',
    // The DynamoDB client's endpoint-discovery cache, over a Map instead of mnemonist's typed arrays.
    '--alias:mnemonist/lru-cache': './functions/platform/small-lru.ts',
  },
} as const satisfies BundlingOptions;

/**
 * BUNDLING as esbuild's own options, to build a bundle exactly as the stack does outside CDK (the bundle
 * benchmark and its test); `typical`: without the aliases, as a typical app ships.
 */
export function esbuildOptions({ typical = false } = {}): BuildOptions {
  return {
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    target: BUNDLING.target,
    external: [...BUNDLING.externalModules],
    alias: typical
      ? {}
      : Object.fromEntries(
          Object.entries(BUNDLING.esbuildArgs)
            .filter(([flag]) => flag.startsWith('--alias:'))
            .map(([flag, path]) => [flag.slice('--alias:'.length), path]),
        ),
  };
}

export interface ClienteleFunctionProps extends FunctionOptions {
  /** File under functions/ (without .ts) whose `handler` export runs. */
  readonly handler: string;
}

/**
 * A `NodejsFunction` with the house defaults. Its role carries no AWS managed policy: it may write to its
 * own log group and nothing else until a bind helper (or a grant) says otherwise.
 */
export class ClienteleFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ClienteleFunctionProps) {
    super(scope, id);
    const { handler, environment, ...options } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      // Operational logs with a one-month life; leaving orphans behind after a teardown helps no one.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${functionName(handler)} function`,
    });
    this.logGroup.grantWrite(this.role);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });

    this.fn = new NodejsFunction(this, 'Function', {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      ...options,
      entry: join(REPO_ROOT, 'functions', `${handler}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: BUNDLING,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
    });
  }
}

/** Grants exactly the table access a declaration asks for, and tells the handler which table it is. */
export function bindTable(target: ClienteleFunction, table: ITableV2, access: TableAccess): void {
  switch (access) {
    case 'none':
      return;
    case 'read':
      table.grantReadData(target.fn);
      acknowledgeIndexAccess(target, table);
      break;
    case 'write':
      table.grantReadWriteData(target.fn);
      acknowledgeIndexAccess(target, table);
      break;
    case 'describe':
      target.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }),
      );
      break;
  }
  target.fn.addEnvironment('TABLE_NAME', table.tableName);
}

/** The table grants cover `<table>/index/*`: the table's own secondary indexes, which handlers query. */
function acknowledgeIndexAccess(target: ClienteleFunction, table: ITableV2): void {
  if (logicalIdOf(table) === undefined) return; // an imported table: leave the finding for a human to judge
  Validations.of(target.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagSpelling(target, table.tableArn)}/index/*]`,
    reason: `The grant's index/* suffix covers only the secondary indexes of this one table (${table.node.path}), which the handler queries.`,
  });
}

/** The logical id of an L2's CloudFormation resource, as cdk-nag spells it in finding ids. */
export function logicalIdOf(construct: IConstruct): string | undefined {
  const resource = construct.node.defaultChild as CfnElement | undefined;
  return resource === undefined ? undefined : (Stack.of(resource).resolve(resource.logicalId) as string);
}

/** The bare address of a sender like `Clientele <no-reply@example.com>` or `no-reply@example.com`. */
export function mailAddress(sender: string): string {
  const address = (/<([^<>]+)>\s*$/.exec(sender)?.[1] ?? sender).trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw new Error(`The mail sender must be an e-mail address, optionally with a display name: ${sender}`);
  }
  return address;
}

/**
 * Lets the function send e-mail through SES (API v2 SendEmail) from exactly one address, and tells it
 * which. The address (or its domain) must be a verified SES identity in the stack's region.
 */
export function bindMail(target: ClienteleFunction, sender: string): void {
  const address = mailAddress(sender);
  const identities = Stack.of(target).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
  target.fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      // SES authorises a send against the sender's identity (the address or its domain, whichever is
      // verified) and, while the account is in the SES sandbox, against each recipient's identity too.
      resources: [identities],
      // Whatever the identity, the From address can only be this one.
      conditions: { StringEquals: { 'ses:FromAddress': address } },
    }),
  );
  Validations.of(target.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagSpelling(target, identities)}]`,
    reason: `ses:SendEmail only, and only with From ${address} (ses:FromAddress condition). The identity is a wildcard because SES checks the sender's verified identity (the address or its domain, whichever exists) and, in the SES sandbox, every recipient's identity, which are not known when the stack is built.`,
  });
  target.fn.addEnvironment('MAIL_FROM', sender);
}

/**
 * A value as cdk-nag spells it in finding ids: `Ref`s as `<Name>`, `Fn::GetAtt`s as `<Id.Attribute>`,
 * joins flattened (so `arn:<AWS::Partition>:…`, or `arn:aws:…` once the stack's environment is known).
 * In a nested stack, a value of a parent stack's resource is read from the parameter CDK passes it in as,
 * which CDK only makes when it synthesises (after the acknowledgement is written): its name is formed here
 * as CDK forms it, `reference-to-` + the resource's unique id + the attribute (or `Ref`), alphanumerics only.
 */
export function nagSpelling(scope: IConstruct, value: string): string {
  const stack = Stack.of(scope);
  const reference = (logicalId: string, attribute?: string): string => {
    const producer = parentStackElement(stack, logicalId);
    if (producer === undefined)
      return `<${attribute === undefined ? logicalId : `${logicalId}.${attribute}`}>`;
    const parameter = `reference-to-${Names.nodeUniqueId(producer.node)}${attribute ?? 'Ref'}`;
    return `<${parameter.replace(/[^A-Za-z0-9]/g, '')}>`;
  };
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const intrinsic = node as Record<string, unknown>;
    if (typeof intrinsic.Ref === 'string') return reference(intrinsic.Ref);
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt.length === 2)
      return reference(flatten(getAtt[0]), flatten(getAtt[1]));
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(flatten).join(String(join[0]));
    return JSON.stringify(node);
  };
  return flatten(stack.resolve(value));
}

/** The element of a stack that nests `stack` that a logical id resolved in `stack` names, if not its own. */
function parentStackElement(stack: Stack, logicalId: string): CfnElement | undefined {
  if (stack.nestedStackParent === undefined) return undefined;
  const elementsOf = (owner: Stack) =>
    owner.node
      .findAll()
      .filter((child): child is CfnElement => CfnElement.isCfnElement(child) && Stack.of(child) === owner)
      .filter((element) => owner.resolve(element.logicalId) === logicalId);
  if (elementsOf(stack).length > 0) return undefined;
  let parent: Stack | undefined = stack.nestedStackParent;
  while (parent !== undefined) {
    const [element] = elementsOf(parent);
    if (element !== undefined) return element;
    parent = parent.nestedStackParent;
  }
  return undefined;
}

/** Lets the function publish to the bus, and tells it which bus. */
export function bindBus(target: ClienteleFunction, bus: IEventBus): void {
  bus.grantPutEventsTo(target.fn);
  target.fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
}
