// One DynamoDB Local for the whole test run, in memory, on a free port; the table created from the
// shared declaration. Tests find it through `inject('dynamodbEndpoint')` (see test/setup-env.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/table.ts';
import { seedTestMembers } from './support/tester.ts';

export const TEST_TABLE = 'clientele-test';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    tableName: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ port: 0 });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TEST_TABLE);
  // The in-process handler tests call as team members (test/support/tester.ts): the platform admits only
  // members to the members' routes.
  await seedTestMembers(client, TEST_TABLE);
  client.destroy();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => {
    await dynamo.stop();
  };
}
