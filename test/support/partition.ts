// An account's partition as the table holds it, and a big timeline written straight to it: for the tests of
// work on every item under an account (deleting, merging).
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { accountPartition, interactions } from '../../functions/accounts/entity.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { queryAll } from '../../functions/platform/store.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';

/** Every item under the account, in key order, read consistently. */
export const partition = (accountId: string): Promise<Record<string, unknown>[]> =>
  queryAll(
    {
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': accountPartition(accountId) },
      ConsistentRead: true,
    },
    { read: 0 },
  );

/** `count` interactions written straight to the table (a big account, made quickly), every `every`-th naming `contactId`. */
export async function manyInteractions(accountId: string, count: number, contactId?: string, every = 1) {
  const at = new Date('2026-10-01T09:00:00Z');
  const items = Array.from({ length: count }, (_, index) =>
    interactions.item({
      id: ulid(at.getTime() + index),
      accountId,
      ...(contactId !== undefined && index % every === 0 ? { contactId } : {}),
      channel: 'email',
      direction: 'outbound',
      category: 'sales',
      subject: `Mail ${index}`,
      occurredAt: new Date(at.getTime() + index).toISOString(),
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      version: 1,
    }),
  );
  for (let offset = 0; offset < items.length; offset += 25) {
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE_NAME]: items.slice(offset, offset + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}
