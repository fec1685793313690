// Applying an event's counters once. Each counted event writes, in one transaction, a marker named by its
// (deterministic) event id, the per-ticket state first-contact resolution needs, and its day counters — so
// a stream record delivered twice, a retried batch or a replay from the archive counts nothing twice. A day's
// counters are spread over STATS_SHARDS items (the event id picks one), so a burst of events is not one
// item's writes; reading a day sums its shards.

import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { putNew, readItem, type TransactItem, TransactionRefused, transact } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import {
  STATS_SHARDS,
  STATS_TYPE,
  type StoredTicketStats,
  statsKeysOf,
  statsMarkerKey,
  statsShardKey,
  ticketStatsKey,
} from './entity.ts';
import {
  addCounters,
  type Counter,
  type DayIncrements,
  EMPTY_TICKET_STATS,
  type Increments,
  incrementsOf,
  type StatsEvent,
  shardOf,
  type TicketStats,
  ticketIncrements,
} from './stats.ts';

/** Long enough that a replay of the bus archive within it still counts nothing twice. */
const MARKER_DAYS = 400;
const ATTEMPTS = 10;

export type Counted = 'counted' | 'already counted' | 'not counted';

/** One spelling per instant (UTC, milliseconds), so times compare and sort as strings. */
const instant = (time: string) => new Date(time).toISOString();

/** What on a ticket first-contact resolution depends on, if this event is such a thing. */
function ticketHappening(event: StatsEvent) {
  const data = event.data ?? {};
  if (event.detailType === 'TicketStatusChanged' && event.change?.to === 'resolved') {
    const resolvedAt = instant(typeof data.resolvedAt === 'string' ? data.resolvedAt : event.occurredAt);
    return { ticketId: String(data.id), happened: { resolvedAt } };
  }
  if (
    event.detailType === 'InteractionLogged' &&
    data.category === 'service' &&
    data.direction === 'outbound' &&
    typeof data.ticketId === 'string'
  ) {
    const outboundAt = instant(typeof data.occurredAt === 'string' ? data.occurredAt : event.occurredAt);
    return { ticketId: data.ticketId, happened: { outboundAt } };
  }
  return undefined;
}

function merge(...all: DayIncrements[]): Map<string, Increments> {
  const merged = new Map<string, Increments>();
  for (const increments of all) {
    for (const [day, counters] of increments) {
      const into = merged.get(day) ?? {};
      for (const [name, by] of Object.entries(counters)) into[name] = (into[name] ?? 0) + by;
      merged.set(day, into);
    }
  }
  return merged;
}

function dayUpdate(day: string, shard: number, counters: Increments): TransactItem {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = { ':type': STATS_TYPE, ':day': day, ':shard': shard };
  const adds = Object.entries(counters).map(([name, by], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = by;
    return `#c${index} :c${index}`;
  });
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: statsShardKey(day, shard),
      UpdateExpression: `SET #type = :type, #day = :day, #shard = :shard ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { ...names, '#day': 'day', '#shard': 'shard' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Count an event into the daily aggregates, once (`shards`: how many a day has; the bench compares). */
export async function countOnce(event: StatsEvent, now: Date, shards = STATS_SHARDS): Promise<Counted> {
  const shard = shardOf(event.eventId, shards);
  const own = incrementsOf(event);
  const ticket = ticketHappening(event);
  if (own.size === 0 && ticket === undefined) return 'not counted';
  const marker = putNew({
    ...statsMarkerKey(event.eventId),
    type: 'StatsMarker',
    detailType: event.detailType,
    expiresAt: Math.floor(now.getTime() / 1000) + MARKER_DAYS * 24 * 3600,
  });
  for (let attempt = 1; ; attempt++) {
    const items: TransactItem[] = [marker];
    let increments = merge(own);
    if (ticket !== undefined) {
      // Only the state's own fields are read, so the item needs no stripping of its keys.
      const stored = (await readItem(ticketStatsKey(ticket.ticketId))) as StoredTicketStats | undefined;
      const version = typeof stored?.version === 'number' ? stored.version : 0;
      const current: TicketStats =
        stored === undefined
          ? EMPTY_TICKET_STATS
          : { outbound: stored.outbound, resolutions: stored.resolutions };
      const next = ticketIncrements(current, ticket.happened);
      increments = merge(own, next.increments);
      items.push({
        Put: {
          TableName: TABLE_NAME,
          Item: {
            ...ticketStatsKey(ticket.ticketId),
            type: 'TicketStats',
            ...next.stats,
            version: version + 1,
          },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':read': version } }),
        },
      });
    }
    for (const [day, counters] of increments) {
      if (Object.keys(counters).length > 0) items.push(dayUpdate(day, shard, counters));
    }
    try {
      await transact(items);
      return 'counted';
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (error.failedAt(0)) return 'already counted';
      // The ticket's state moved meanwhile (another of its events was counted): read it again.
      if (ticket === undefined || !error.failedAt(1) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** BatchGetItem takes up to 100 keys; this many batches are read at once. */
const BATCH_KEYS = 100;
const BATCHES_AT_ONCE = 4;

/**
 * The counters of each day asked for, its shards summed (days without any are absent). A counter past
 * 2^53 − 1 (two deals won at a large amount on one day) comes back from the document client as a BigInt —
 * exact, as DynamoDB keeps it — and is kept as one: shards and days add up exactly (addCounters), so no figure
 * is rounded or left out. Reads (shards + 1) items a day, whatever the number of events.
 */
export async function readDays(days: readonly string[]): Promise<Map<string, Record<string, Counter>>> {
  const found = new Map<string, Record<string, Counter>>();
  const keys = days.flatMap(statsKeysOf);
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < keys.length; index += BATCH_KEYS)
    batches.push(keys.slice(index, index + BATCH_KEYS));
  const readBatch = async (batch: Record<string, unknown>[]) => {
    let wanted: Record<string, unknown>[] | undefined = batch;
    while (wanted !== undefined && wanted.length > 0) {
      const answer: BatchGetCommandOutput = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: wanted, ConsistentRead: true } } }),
      );
      for (const item of answer.Responses?.[TABLE_NAME] ?? []) {
        const day = String(item.day);
        const counters = found.get(day) ?? {};
        for (const [name, value] of Object.entries(item)) {
          if (name === 'shard' || (typeof value !== 'number' && typeof value !== 'bigint')) continue;
          counters[name] = addCounters(counters[name] ?? 0, value);
        }
        found.set(day, counters);
      }
      wanted = answer.UnprocessedKeys?.[TABLE_NAME]?.Keys;
    }
  };
  for (let index = 0; index < batches.length; index += BATCHES_AT_ONCE)
    await Promise.all(batches.slice(index, index + BATCHES_AT_ONCE).map(readBatch));
  return found;
}
