// Baseline for the bundle benchmark: what a typical Lambda + DynamoDB app ships — the bare document client,
// with the SDK's default credential chain, doing one GetItem. Bundled with the stack's settings but without its
// aliases; its size and init time are what a handler is measured against.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: { id: string }) =>
  documentClient.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }),
  );
