#!/usr/bin/env node
// The CDK app: the Clientele stack, checked by cdk-nag's AWS Solutions and Serverless packs on every synth.

// lib/routes.ts imports the domain schemas, and their modules also create the table client, which reads
// TABLE_NAME on load. Synthesis never touches a table, so a placeholder (set before those modules load,
// hence the dynamic import) keeps `cdk synth` independent of the shell's environment.
process.env.TABLE_NAME ??= 'not-used-by-synth';
const { applyNagChecks, buildApp } = await import('../lib/app.ts');

const { app } = buildApp();
applyNagChecks(app);
