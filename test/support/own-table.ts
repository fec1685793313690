// A test file's own table in the run's DynamoDB Local, with the test members: for tests whose team must be
// theirs alone (round-robins, record-level visibility), so files running side by side cannot meet. Call it
// before importing any handler: the handlers read TABLE_NAME when they load.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../local/table.ts';
import { seedTestMembers } from './tester.ts';

export async function useOwnTable(name: string): Promise<string> {
  const table = `${name}-${Date.now().toString(36)}`;
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(client, table);
    await seedTestMembers(client, table);
  } finally {
    client.destroy();
  }
  process.env.TABLE_NAME = table;
  return table;
}
