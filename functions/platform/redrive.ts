// Records that wait for an automation (a submission to process, a mail to send) sit in a sparse index while
// they wait, oldest first, and leave it when done. The reconciler reads what has waited too long and
// re-announces it: it stamps `redrivenAt` on the record, and the relay turns that change into the record's
// creation event again, with the same event id (the automations are idempotent, so a second run is safe).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from './actor.ts';
import { REANNOUNCED_AT } from './declarations.ts';
import type { Key } from './entity.ts';
import type { PendingIndex } from './pending.ts';
import { indexPage, sendIfCondition } from './store.ts';
import { TABLE_NAME } from './table-name.ts';

/** Up to `limit` records that have waited since before `before`, oldest first. */
export async function waitingSince<R>(
  index: PendingIndex<R>,
  before: Date,
  limit: number,
  toRecord: (item: Record<string, unknown>) => R,
): Promise<R[]> {
  const page = await indexPage({
    index,
    partition: index.partition,
    range: { from: '0', to: before.toISOString() },
    query: { limit },
    toRecord,
  });
  return page.items;
}

/**
 * Announce a waiting record again, if it is still waiting (`field` one of `values`): true when stamped.
 * Its version is left alone, so the event carries the id the first announcement had.
 */
export function reannounce(key: Key, field: string, values: readonly string[], now: Date): Promise<boolean> {
  const placeholders = values.map((_, index) => `:waiting${index}`);
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: key,
      UpdateExpression:
        'SET #at = :now, redrives = if_not_exists(redrives, :zero) + :one, updatedBy = :actor',
      ConditionExpression: `attribute_exists(pk) AND #field IN (${placeholders.join(', ')})`,
      ExpressionAttributeNames: { '#at': REANNOUNCED_AT, '#field': field },
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':zero': 0,
        ':one': 1,
        ':actor': currentActor(),
        ...Object.fromEntries(values.map((value, index) => [placeholders[index], value])),
      },
    }),
  );
}
