// Which changes are kept as history, where each record's entries live, and the write: one conditional
// transaction per change — the entry is put once (a redelivered event finds it there), and only while the
// record still exists, so a late event never leaves history under a record (or an account) that is gone.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey, contactKey } from '../accounts/index.ts';
import { liveAccount } from '../accounts/services.ts';
import { orderKey } from '../orders/index.ts';
import { documentClient } from '../platform/clients.ts';
import { type Key, MERGE_STAMP } from '../platform/entity.ts';
import { changedFields, type HistoryEntry, historyItem, historyRange } from '../platform/history.ts';
import { putNew, type TransactItem, TransactionRefused, transact, writeBatches } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { dealKey } from '../sales/index.ts';
import { ticketKey } from '../service/index.ts';
import { taskKey } from '../work/index.ts';

type Described = Readonly<Record<string, unknown>>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The key of the record an event is about (undefined for a kind whose history is not kept). */

/** The record exists and was not erased (an erasure stamps what it writes, until the record's next change). */
const notErased = (key: { pk: string; sk: string }): TransactItem => ({
  ConditionCheck: {
    TableName: TABLE_NAME,
    Key: key,
    ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(${MERGE_STAMP}) OR NOT begins_with(${MERGE_STAMP}, :erasure))`,
    ExpressionAttributeValues: { ':erasure': 'erasure:' },
  },
});

export function recordKeyOf(entity: string, record: Described): Key | undefined {
  const id = text(record.id);
  const accountId = text(record.accountId);
  switch (entity) {
    case 'Account':
      return accountKey(id);
    case 'Contact':
      return contactKey(accountId, id);
    case 'Deal':
      return dealKey(accountId, id);
    case 'Order':
      return orderKey(accountId, id);
    case 'Ticket':
      return ticketKey(accountId, id);
    case 'Task':
      return taskKey(id);
    default:
      return undefined;
  }
}

/** Days a history entry is kept (HISTORY_RETENTION_DAYS; default 365). */
export function retentionDays(): number {
  const days = Number(process.env.HISTORY_RETENTION_DAYS ?? 365);
  return Number.isInteger(days) && days > 0 ? days : 365;
}

export interface ChangeEvent {
  readonly eventId: string;
  readonly entity: string;
  readonly occurredAt: string;
  readonly actor?: string | undefined;
  readonly data?: Described | undefined;
  readonly previous?: Described | undefined;
}

/**
 * Keep the change an event announces: `recorded`, or `again` (this event's entry is there: a redelivery),
 * `gone` (the record no longer exists) or `nothing` (no field but bookkeeping changed, or not a kept kind).
 */
export async function recordHistory(event: ChangeEvent): Promise<'recorded' | 'again' | 'gone' | 'nothing'> {
  const { data } = event;
  if (data === undefined) return 'nothing';
  const key = recordKeyOf(event.entity, data);
  const fields = changedFields(event.previous, data);
  // An account's lastContactAt moves with every interaction logged: the timeline is its history.
  if (key === undefined || fields.every(({ field }) => field === 'lastContactAt')) return 'nothing';
  const entry: HistoryEntry = {
    recordType: event.entity,
    recordId: text(data.id),
    change: event.previous === undefined ? 'created' : 'changed',
    at: event.occurredAt,
    ...(event.actor === undefined ? {} : { actor: event.actor }),
    ...(typeof data.version === 'number' ? { version: data.version } : {}),
    eventId: event.eventId,
    fields,
  };
  // The record must still exist — and not have been erased since (a late event would bring the person back) —
  // and, under an account, the account not be being deleted (its deletion would not see an entry written after
  // its last look).
  const accountId = text(data.accountId);
  const checks =
    event.entity === 'Account'
      ? [liveAccount(entry.recordId)]
      : [notErased(key), ...(event.entity === 'Task' || accountId === '' ? [] : [liveAccount(accountId)])];
  try {
    await transact([...checks, putNew(historyItem(key, entry, retentionDays()))]);
    return 'recorded';
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    if (checks.some((_, index) => error.failedAt(index))) return 'gone';
    if (error.failedAt(checks.length)) return 'again';
    throw error;
  }
}

/**
 * A record removed → its history goes too (what a contact's entries hold is personal data: names, addresses,
 * before and after). Page by page, 25 at a time; run again, it finds what is left, if anything. Returns how
 * many entries it removed.
 */
export async function purgeHistory(entity: string, record: Described): Promise<number> {
  const key = recordKeyOf(entity, record);
  if (key === undefined) return 0;
  let removed = 0;
  for (;;) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :range)',
        ExpressionAttributeValues: { ':pk': key.pk, ':range': historyRange(key.sk) },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        Limit: 100,
      }),
    );
    const keys = page.Items ?? [];
    if (keys.length === 0) return removed;
    await writeBatches(
      keys.map((Key) => ({ DeleteRequest: { Key: { pk: String(Key.pk), sk: String(Key.sk) } } })),
    );
    removed += keys.length;
  }
}
