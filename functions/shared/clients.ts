// SDK clients, created once per execution environment. Endpoints are overridable so the local runtime
// points the very same handlers at DynamoDB Local and the in-process bus.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv, requireEnv } from './env.ts';

// Pure-annotated so a bundle that never touches the table (openapi) drops the read and needs no TABLE_NAME.
export const TABLE_NAME = /* @__PURE__ */ requireEnv('TABLE_NAME');

export const dynamodb = /* @__PURE__ */ new DynamoDBClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') });

export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const eventBridge = /* @__PURE__ */ new EventBridgeClient({
  endpoint: optionalEnv('EVENTBRIDGE_ENDPOINT'),
});
