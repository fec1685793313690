// The DynamoDB clients, created once per execution environment (the EventBridge client, which only the
// relay needs, lives in bus-client.ts so no other bundle carries it). Endpoints are overridable so the local runtime
// points the very same handlers at DynamoDB Local and the in-process bus.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from './env.ts';

export const dynamodb = /* @__PURE__ */ new DynamoDBClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') });

export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
