// The EventBridge client, created once per execution environment; the endpoint is overridable so the
// local runtime's bus receives what the relay publishes.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { optionalEnv } from './env.ts';

export const eventBridge = new EventBridgeClient({ endpoint: optionalEnv('EVENTBRIDGE_ENDPOINT') });
