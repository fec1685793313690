// Baseline for the bundle benchmark: nothing but the DynamoDB document client every table handler
// needs, bundled with the same settings. Its size and init time are the floor a handler starts from.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => documentClient.config.region;
