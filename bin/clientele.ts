#!/usr/bin/env node
// The CDK app: the Clientele stack, checked by cdk-nag's AWS Solutions and Serverless packs on every synth.
import { applyNagChecks, buildApp } from '../lib/app.ts';

const { app } = buildApp();
applyNagChecks(app);
