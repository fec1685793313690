// The members the in-process handler tests call as (created by the global setup): admins, who may call
// every route, so a test of a route's behaviour is not a test of who may call it (test/integration/access
// tests that). Not sales or service: the round-robins of the automations' tests stay theirs. `tester` is the
// default caller; `alice` and `bob` are two callers whose idempotency keys must not meet.
import { type DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { memberEmailClaimItem, members, memberUserClaimItem } from '../../functions/team/index.ts';

const admin = (id: string, userId: string) =>
  ({
    id,
    name: userId,
    email: `${userId}@clientele.test`,
    roles: ['admin'] as ('admin' | 'sales' | 'service')[],
    active: true,
    userId,
  }) as const;

export const TEST_MEMBERS = [
  admin('01JTESTERMEMBER00000000000', 'tester'),
  admin('01JTESTERMEMBER0000000A11C', 'alice'),
  admin('01JTESTERMEMBER0000000B0B0', 'bob'),
] as const;

export const TESTER = TEST_MEMBERS[0];

/** Write the test members to `table` (the run's table, or a test file's own). */
export async function seedTestMembers(client: DynamoDBClient, table: string): Promise<void> {
  const at = new Date().toISOString();
  for (const member of TEST_MEMBERS) {
    const record = { ...member, createdAt: at, updatedAt: at, version: 1 };
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [members.item(record), memberEmailClaimItem(record), memberUserClaimItem(record)].map(
          (item) => ({ Put: { TableName: table, Item: marshall(item) } }),
        ),
      }),
    );
  }
}
