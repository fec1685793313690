// Builds the CDK app, for bin/clientele.ts and for the infra tests alike, so both synthesise the same thing
// (the tests read cdk.json's feature flags too, which `cdk synth` would otherwise be alone in applying).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ClienteleStack, type ClienteleStackProps } from './clientele-stack.ts';
import { REPO_ROOT } from './function.ts';

export const STACK_NAME = 'Clientele';

export interface BuildAppOptions extends Omit<ClienteleStackProps, 'env'> {
  /** false: skip esbuild (tests); the template is the same apart from asset hashes. */
  readonly bundling?: boolean;
}

const cdkJsonContext = (): Record<string, unknown> => {
  const cdkJson: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
  const context = (cdkJson as { context?: Record<string, unknown> }).context;
  return context ?? {};
};

export function buildApp(options: BuildAppOptions = {}): { app: App; stack: ClienteleStack } {
  const { bundling = true, ...stackProps } = options;
  const app = new App({
    // Defaults only: context the CDK CLI passes in (CDK_CONTEXT_JSON, -c) still wins.
    context: { ...cdkJsonContext(), ...(bundling ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new ClienteleStack(app, STACK_NAME, {
    ...stackProps,
    description: 'Clientele: serverless, event-driven CRM backend',
    ...(account !== undefined || region !== undefined ? { env: { account, region } } : {}),
  });
  return { app, stack };
}

/** The rule packs every synth runs; any unacknowledged finding (error or warning) fails the synth. */
export function nagPacks(): [AwsSolutionsChecks, ServerlessChecks] {
  return [
    new AwsSolutionsChecks(undefined, { verbose: true }),
    new ServerlessChecks(undefined, { verbose: true }),
  ];
}

export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks());
}
