// `npm run first-admin`: the deployed CRM's first member, written with the deployer's credentials (here at
// a fresh table of the run's DynamoDB Local), once — and then admitted by the platform like any member.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MEMBER_BY_USER } from '../../functions/platform/access.ts';
import { memberKey, members } from '../../functions/team/index.ts';
import { ensureTable } from '../../local/table.ts';

const root = join(import.meta.dirname, '..', '..');
const table = `first-admin-${Date.now().toString(36)}`;
const endpoint = inject('dynamodbEndpoint');
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

async function firstAdmin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bin/first-admin.ts', ...args],
      { cwd: root, env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-1' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  await ensureTable(client, table);
});
afterAll(() => client.destroy());

describe('npm run first-admin', () => {
  const args = [
    '--table',
    table,
    '--user-id',
    'cognito-sub-1',
    '--email',
    'Ada@Example.org',
    '--name',
    'Ada',
  ];

  it('exits 2 naming what is missing or wrong, writing nothing', async () => {
    const missing = await firstAdmin(['--table', table]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--user-id');
    const bad = await firstAdmin([...args.slice(0, 6), 'not-an-address', '--name', 'Ada']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('email');
  });

  it('makes the first admin a member signing in as the Cognito user, and refuses a second', async () => {
    const made = await firstAdmin(args);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const documents = DynamoDBDocumentClient.from(client);
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: MEMBER_BY_USER.index,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': MEMBER_BY_USER.partition('cognito-sub-1') },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(Items?.[0]).toMatchObject({ email: 'ada@example.org', roles: ['admin'], active: true });
    const again = await firstAdmin([
      ...args.slice(0, 3),
      'cognito-sub-2',
      '--email',
      'bo@example.org',
      '--name',
      'Bo',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has an admin who signs in (ada@example.org)');
  });

  it('makes an admin of a member from before sign-in identities, who could not get in', async () => {
    const legacyTable = `${table}-legacy`;
    await ensureTable(client, legacyTable);
    const at = new Date().toISOString();
    const legacy = {
      id: '01JLEGACYADM1N000000000000',
      name: 'Lee',
      email: 'lee@example.org',
      roles: ['admin' as const],
      active: true,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await client.send(
      new PutItemCommand({
        TableName: legacyTable,
        Item: marshall(members.item(legacy), { removeUndefinedValues: true }),
      }),
    );
    const made = await firstAdmin([
      '--table',
      legacyTable,
      '--user-id',
      'cognito-lee',
      '--email',
      'lee@example.org',
      '--name',
      'Lee',
    ]);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain(`Member ${legacy.id}`);
    const { Item } = await client.send(
      new GetItemCommand({ TableName: legacyTable, Key: marshall(memberKey(legacy.id)) }),
    );
    expect(Item && unmarshall(Item)).toMatchObject({ userId: 'cognito-lee', roles: ['admin'], version: 2 });
  });
});
