// One DynamoDB Local for the whole test run, in memory, on a free port; the table created from the
// shared declaration. Tests find it through `inject('dynamodbEndpoint')` (see test/setup-env.ts).
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TestProject } from 'vitest/node';
import { memberEmailClaimItem, members, memberUserClaimItem } from '../functions/team/index.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/table.ts';
import { TEST_MEMBERS } from './support/tester.ts';

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
  const at = new Date().toISOString();
  for (const member of TEST_MEMBERS) {
    const record = { ...member, createdAt: at, updatedAt: at, version: 1 };
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [members.item(record), memberEmailClaimItem(record), memberUserClaimItem(record)].map(
          (item) => ({ Put: { TableName: TEST_TABLE, Item: marshall(item) } }),
        ),
      }),
    );
  }
  client.destroy();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => {
    await dynamo.stop();
  };
}
