// Single hot items under concurrent writers, on DynamoDB Local (run by bench/run.ts in its own process,
// printing JSON):
//   1. the day's counters: E counted events of one day from W concurrent writers (as Lambda instances of the
//      aggregation would), into one item (unsharded) and into STATS_SHARDS shards — transaction conflicts
//      seen, events that failed, events/s, the busiest item's share of the writes, and the size of a shard
//      item after a varied day (what a write costs in write units: the capacity model);
//   2. the round-robin: W concurrent writers taking turns for a role (the atomic counter forms use), and W
//      concurrent POST /tickets taking the service turn in the ticket's own transaction (a conditional turn):
//      conflicts, refusals (409), attempts per ticket, and how evenly the members were picked.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { benchTable, percentile, random } from './shared.ts';

const EVENTS = Number(process.env.BENCH_HOT_EVENTS ?? 800);
const WRITERS = Number(process.env.BENCH_HOT_WRITERS ?? 16);
const TURNS = Number(process.env.BENCH_HOT_TURNS ?? 800);
const TICKETS = Number(process.env.BENCH_HOT_TICKETS ?? 160);

const { dynamo } = await benchTable('hot-items', 'hot');
const { documentClient } = await import('../functions/platform/clients.ts');
const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
const { TABLE_NAME } = await import('../functions/platform/table-name.ts');
const { countOnce } = await import('../functions/reporting/stats-store.ts');
const { STATS_SHARDS, statsShardKey } = await import('../functions/reporting/entity.ts');
const { shardOf } = await import('../functions/reporting/stats.ts');
const { transact } = await import('../functions/platform/store.ts');
const { newMember } = await import('../functions/team/member.ts');
const { memberCreateItems, nextAssignee } = await import('../functions/team/member-store.ts');
const { buildProxyEvent, lambdaContext } = await import('../local/proxy-event.ts');

/** What DynamoDB answered while `run` ran: transactions cancelled for a conflict, and for a condition. */
async function watched<T>(run: () => Promise<T>) {
  let conflicts = 0;
  let refusals = 0;
  let transactions = 0;
  const name = 'benchHotItems';
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName?.startsWith('TransactWrite')) transactions += 1;
      try {
        return await next(args);
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) conflicts += 1;
        else if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) refusals += 1;
        throw error;
      }
    },
    { step: 'initialize', name },
  );
  const started = performance.now();
  try {
    const result = await run();
    return { result, seconds: (performance.now() - started) / 1000, conflicts, refusals, transactions };
  } finally {
    documentClient.middlewareStack.remove(name);
  }
}

/** `count` jobs from `writers` concurrent lanes. */
async function lanes<T>(count: number, writers: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await job(index);
      }
    }),
  );
  return results;
}

/** A day of varied counted events: accounts, deals of 25 owners won and lost in two currencies, tickets. */
function dayOfEvents(day: string, count: number) {
  const rng = random(16);
  const owners = Array.from({ length: 25 }, (_, index) => `owner-${index}`);
  return Array.from({ length: count }, (_, index) => {
    const occurredAt = `${day}T${String(8 + (index % 10)).padStart(2, '0')}:00:00.000Z`;
    const eventId = randomUUID();
    const ownerId = rng.pick(owners);
    switch (index % 4) {
      case 0:
        return {
          detailType: 'AccountCreated',
          eventId,
          occurredAt,
          data: {
            relationship: rng.pick(['client', 'customer']),
            audience: rng.pick(['external', 'internal']),
          },
        };
      case 1:
        return { detailType: 'DealCreated', eventId, occurredAt, data: { ownerId } };
      case 2: {
        const to = rng.pick(['won', 'lost']);
        return {
          detailType: 'DealStageChanged',
          eventId,
          occurredAt,
          data: { ownerId, amount: rng.between(1_000, 900_000), currency: rng.pick(['EUR', 'USD']) },
          change: { field: 'stage', from: 'negotiation', to },
        };
      }
      default:
        return {
          detailType: 'TicketOpened',
          eventId,
          occurredAt,
          data: { id: randomUUID(), priority: rng.pick(['low', 'normal', 'high', 'urgent']) },
        };
    }
  });
}

/** An item's size as DynamoDB counts it: each name's UTF-8 bytes plus its value's (a number ≈ digits/2 + 1). */
function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (typeof value === 'number' || typeof value === 'bigint')
      bytes += Math.ceil(String(value).replace(/^-|\./g, '').length / 2) + 1;
  }
  return bytes;
}

try {
  // 1. the day's counters, one item vs the shards
  const counters = [];
  for (const [index, shards] of [1, STATS_SHARDS].entries()) {
    const day = `2043-01-0${index + 1}`;
    const events = dayOfEvents(day, EVENTS);
    const now = new Date();
    const run = await watched(() =>
      lanes(events.length, WRITERS, async (at) => {
        try {
          await countOnce(events[at] as (typeof events)[number], now, shards);
          return true;
        } catch {
          // Counted as failed: the aggregation's retries (and then its dead-letter queue) would take it.
          return false;
        }
      }),
    );
    const perItem = new Array<number>(shards).fill(0);
    for (const event of events) {
      const shard = shardOf(event.eventId, shards);
      perItem[shard] = (perItem[shard] ?? 0) + 1;
    }
    const sizes = await Promise.all(
      Array.from({ length: shards }, async (_, shard) => {
        const { Item } = await documentClient.send(
          new GetCommand({ TableName: TABLE_NAME, Key: statsShardKey(day, shard), ConsistentRead: true }),
        );
        return Item === undefined ? 0 : itemBytes(Item);
      }),
    );
    const largestBytes = Math.max(...sizes);
    counters.push({
      shards,
      events: events.length,
      writers: WRITERS,
      failed: run.result.filter((ok) => !ok).length,
      conflicts: run.conflicts,
      seconds: Math.round(run.seconds * 100) / 100,
      perSecond: events.length / run.seconds,
      busiestItemShare: Math.max(...perItem) / events.length,
      largestItemBytes: largestBytes,
      // A transactional write costs 2 units per KB of the item (its larger size, before or after).
      writeUnitsPerEvent: 2 * Math.ceil(largestBytes / 1024),
      // One partition serves 1,000 write units a second: the events a second one shard takes at this size.
      eventsPerSecondPerItem: 1000 / (2 * Math.ceil(largestBytes / 1024)),
    });
  }

  // 2. the round-robin
  const members = Array.from({ length: 5 }, (_, index) =>
    newMember(
      { name: `Service ${index}`, email: `service.${index}@hot.test`, roles: ['service'], active: true },
      new Date(),
    ),
  );
  const admin = newMember(
    { name: 'Bench', email: 'bench@hot.test', roles: ['admin'], active: true, userId: 'bench' },
    new Date(),
  );
  for (const member of [...members, admin]) await transact(memberCreateItems(member));
  const atomic = await watched(() => lanes(TURNS, WRITERS, async () => (await nextAssignee('service'))?.id));
  const picks = (ids: readonly (string | undefined)[]) =>
    members.map((member) => ids.filter((id) => id === member.id).length);
  const atomicPicks = picks(atomic.result);

  const load = async (name: string) =>
    (
      (await import(new URL(`../functions/${name}.ts`, import.meta.url).href)) as {
        handler: (
          event: APIGatewayProxyEvent,
          context: unknown,
        ) => Promise<{ statusCode: number; body: string }>;
      }
    ).handler;
  const createAccount = await load('accounts/handlers/create-account');
  const createTicket = await load('service/handlers/create-ticket');
  const call = (
    handler: Awaited<ReturnType<typeof load>>,
    resource: string,
    body: unknown,
  ): Promise<{ statusCode: number; body: string }> =>
    handler(
      buildProxyEvent({
        method: 'POST',
        resource,
        path: resource,
        pathParameters: {},
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        claims: { sub: 'bench', 'cognito:groups': 'admin' },
      }),
      lambdaContext('bench'),
    );
  const account = JSON.parse(
    (await call(createAccount, '/accounts', { name: 'Hot Ltd', relationship: 'customer' })).body,
  ) as { id: string };
  const tickets = await watched(() =>
    lanes(TICKETS, WRITERS, async (index) => {
      const started = performance.now();
      const answer = await call(createTicket, '/tickets', {
        accountId: account.id,
        problem: `Printer ${index} is jammed`,
      });
      const ms = performance.now() - started;
      return {
        status: answer.statusCode,
        ms,
        assigneeId:
          answer.statusCode === 201
            ? (JSON.parse(answer.body) as { assigneeId?: string }).assigneeId
            : undefined,
      };
    }),
  );
  const ticketPicks = picks(tickets.result.map((ticket) => ticket.assigneeId));
  const ticketMs = tickets.result.map((ticket) => ticket.ms);

  const result = {
    counters,
    roundRobin: {
      atomic: {
        turns: TURNS,
        writers: WRITERS,
        failed: atomic.result.filter((id) => id === undefined).length,
        perSecond: TURNS / atomic.seconds,
        picks: atomicPicks,
      },
      tickets: {
        tickets: TICKETS,
        writers: WRITERS,
        created: tickets.result.filter((ticket) => ticket.status === 201).length,
        refused: tickets.result.filter((ticket) => ticket.status === 409).length,
        other: tickets.result.filter((ticket) => ticket.status !== 201 && ticket.status !== 409).length,
        turnsTakenByOthers: tickets.refusals,
        transactionsPerTicket: tickets.transactions / TICKETS,
        p50Ms: percentile(ticketMs, 50),
        p99Ms: percentile(ticketMs, 99),
        picks: ticketPicks,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await dynamo.stop();
}
