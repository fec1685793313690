// Reports at scale, against an own DynamoDB Local and no runtime (run by bench/run.ts in its own process, or
// alone with `npx tsx bench/reports.ts`; prints one JSON line, progress on stderr):
//   1. aggregation: `countOnce` (what the AggregateDailyStats rule runs per event) on N realistic domain events
//      one after another — µs per event, and the DynamoDB reads and writes it makes, per kind of event — then
//      the same N again, as a redelivery would bring them (already counted);
//   2. the monthly report over a month (and the month before) of aggregates, with 1,000 and then 100,000
//      interactions in the table: `makeReport`'s time (median) and reads at each size, next to counting the
//      month's service interactions from the rows; `generateReport` (figures, files, record) once at each size.
// Sizes: BENCH_AGG_EVENTS (2000), BENCH_REPORT_INTERACTIONS (100000); BENCH_REPORT_WARMUP_MS (5000).
import { rmSync } from 'node:fs';
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StatsEvent } from '../functions/reporting/stats.ts';
import { benchTable, type Random, random } from './shared.ts';

const AGG_EVENTS = Number(process.env.BENCH_AGG_EVENTS ?? 2_000);
const INTERACTIONS = Number(process.env.BENCH_REPORT_INTERACTIONS ?? 100_000);
const SMALL_INTERACTIONS = Math.min(1_000, INTERACTIONS);
/** Events counted into the report's two months before anything is timed. */
const MONTH_EVENTS = 3_000;
const OPEN_TASKS = 300;
const REPORT_RUNS = 21;
/**
 * Untimed runs first at each size, for at least this long: DynamoDB Local's JIT takes many runs to settle on
 * the report's query shapes (with a few only, the first size measured slower than the second).
 */
const REPORT_WARMUP_MS = Number(process.env.BENCH_REPORT_WARMUP_MS ?? 5_000);
const NAIVE_RUNS = 3;
const WRITERS = 12;
const TARGET_RATIO = 1.2;
const TABLE = 'bench';
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

const { progress, dataDir, dynamo } = await benchTable('reports', TABLE);
const { documentClient } = await import('../functions/platform/clients.ts');
const { BatchWriteCommand, DeleteCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
const { countOnce, readDays } = await import('../functions/reporting/stats-store.ts');
const { COUNTED_EVENTS } = await import('../functions/reporting/stats.ts');
const { toDomainEvent } = await import('../functions/events/events.ts');
const { accountItem, newAccount } = await import('../functions/accounts/account.ts');
const { dealItem, newDeal } = await import('../functions/sales/deal.ts');
const { moved, newTicket } = await import('../functions/service/ticket.ts');
const { surveyItem, ticketItem, tickets } = await import('../functions/service/entity.ts');
const { newInteraction } = await import('../functions/accounts/interaction.ts');
const { accountPartition, INTERACTION_PREFIX } = await import('../functions/accounts/entity.ts');
const { interactionCreateItems } = await import('../functions/accounts/interaction-store.ts');
const { newSurveyToken } = await import('../functions/service/survey.ts');
const { newTask } = await import('../functions/work/task.ts');
const { taskItem } = await import('../functions/work/entity.ts');
const { derivedId } = await import('../functions/platform/keys.ts');
const { daysBetween, nextQuarter, periodOf } = await import('../functions/reporting/report-build.ts');
const { makeReport } = await import('../functions/reporting/report-store.ts');
const { reportKey } = await import('../functions/reporting/entity.ts');
const { generateReport } = await import('../functions/reporting/reporting.ts');
const { fingerprint } = await import('../functions/platform/store.ts');

type Item = Record<string, unknown>;
type Account = ReturnType<typeof newAccount>;
type Ticket = ReturnType<typeof newTicket>;
type InteractionInput = Parameters<typeof newInteraction>[1];

// ---------------------------------------------------------------- what DynamoDB is asked for
/**
 * Items read and written, counted on the client every handler uses: a GetItem reads 1, a BatchGetItem its
 * keys, a Query or Scan what DynamoDB examined (ScannedCount); a Put/Update/Delete writes 1, a transaction of
 * n items n, a BatchWriteItem what it processed. The items of a refused transaction (a failed condition) are
 * `refused`, not written.
 */
interface Meter {
  calls: number;
  reads: number;
  writes: number;
  refused: number;
  /** Time spent in the client's `send` (calls one after another: their sum). */
  sendUs: number;
}
const newMeter = (): Meter => ({ calls: 0, reads: 0, writes: 0, refused: 0, sendUs: 0 });
let meter: Meter | undefined;

const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const sumOver = (tables: unknown, field?: string) =>
  Object.values((tables ?? {}) as Record<string, unknown>).reduce<number>(
    (sum, entry) =>
      sum + lengthOf(field === undefined ? entry : (entry as Record<string, unknown> | undefined)?.[field]),
    0,
  );

function writesOf(command: string, input: Item): number {
  if (command === 'TransactWriteItemsCommand') return lengthOf(input.TransactItems);
  if (command === 'BatchWriteItemCommand') return sumOver(input.RequestItems);
  return ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(command) ? 1 : 0;
}

function readsOf(command: string, input: Item, output: Item): number {
  if (command === 'GetItemCommand') return 1;
  if (command === 'BatchGetItemCommand') return sumOver(input.RequestItems, 'Keys');
  if (command === 'TransactGetItemsCommand') return lengthOf(input.TransactItems);
  if (command === 'QueryCommand' || command === 'ScanCommand') return Number(output.ScannedCount ?? 0);
  return 0;
}

documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    const into = meter;
    if (into === undefined) return next(args);
    const command = String(context.commandName);
    const input = args.input as Item;
    const writes = writesOf(command, input);
    into.calls++;
    const started = process.hrtime.bigint();
    try {
      const result = await next(args);
      const output = result.output as Item;
      into.reads += readsOf(command, input, output);
      into.writes += writes - sumOver(output.UnprocessedItems);
      return result;
    } catch (error) {
      into.refused += writes;
      throw error;
    } finally {
      into.sendUs += Number(process.hrtime.bigint() - started) / 1000;
    }
  },
  { step: 'initialize', name: 'benchMeter' },
);

// ---------------------------------------------------------------- small helpers
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const OWNERS = ['rep-gil', 'rep-hana', 'rep-ivo', 'rep-jun'] as const;
const AGENTS = ['agent-ana', 'agent-ben', 'agent-chloe', 'agent-dev', 'agent-eli', 'agent-fay'] as const;
const PRODUCTS = ['Router X2', 'Mesh Node', 'Fibre Box', 'VoIP Desk Phone'] as const;
const PROBLEMS = [
  'No connection since the update',
  'Wi-Fi drops every evening',
  'Invoice shows the wrong plan',
  'Phone line crackles on long calls',
  'Cannot log in to the customer portal',
] as const;
const SALES_SUBJECTS = [
  'Intro call',
  'Sent the proposal',
  'Pricing questions',
  'Quarterly review',
  'Demo of the new plan',
  'Follow-up on the quote',
] as const;
const SERVICE_SUBJECTS = [
  'Reported an outage',
  'Walked through a router reset',
  'Checked the line remotely',
  'Confirmed the fix works',
  'Asked about an invoice',
] as const;

// ---------------------------------------------------------------- a realistic story of records and changes
interface Change {
  readonly eventName: 'INSERT' | 'MODIFY';
  readonly item: Item;
  readonly old?: Item;
}

/** Records as the API would have written them, every change in order, and the final state of each record. */
class World {
  readonly changes: Change[] = [];
  readonly items = new Map<string, Item>();
  readonly accountIds: string[] = [];
  readonly ticketsOf = new Map<string, string[]>();
  private readonly converted: StatsEvent[] = [];
  private mapped = 0;
  insert(item: Item) {
    this.changes.push({ eventName: 'INSERT', item });
    this.items.set(`${item.pk}|${item.sk}`, item);
  }
  modify(old: Item, item: Item) {
    this.changes.push({ eventName: 'MODIFY', item, old });
    this.items.set(`${item.pk}|${item.sk}`, item);
  }
  /** The events the rule hands `countOnce`: the relay's events of the counted detail-types, in time order. */
  events(): StatsEvent[] {
    // Stable: a record's changes that share a timestamp keep their order.
    return [...this.counted()].sort((a, b) =>
      a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0,
    );
  }
  /** The changes' events so far, in the order the changes were made (each change mapped once). */
  counted(): readonly StatsEvent[] {
    const types = new Set<string>(COUNTED_EVENTS);
    const options = { removeUndefinedValues: true, convertClassInstanceToMap: false };
    for (const change of this.changes.slice(this.mapped)) {
      const record = {
        eventName: change.eventName,
        dynamodb: {
          NewImage: marshall(change.item, options),
          ...(change.old === undefined ? {} : { OldImage: marshall(change.old, options) }),
        },
      } as unknown as DynamoDBRecord;
      const event = toDomainEvent(record);
      if (event === undefined || !types.has(event.detailType)) continue;
      // Through JSON, as the bus delivers it.
      const detail = JSON.parse(JSON.stringify(event.detail)) as Omit<StatsEvent, 'detailType'>;
      this.converted.push({ detailType: event.detailType, ...detail });
    }
    this.mapped = this.changes.length;
    return this.converted;
  }
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** Log an interaction at `at` (the item as POST /accounts/{id}/interactions writes it). */
function interactionItem(accountId: string, input: InteractionInput, at: Date): Item {
  const put = interactionCreateItems(newInteraction(accountId, input, input.agentId, at)).at(-1)?.Put;
  if (put?.Item === undefined) throw new Error('interactionCreateItems no longer ends with the Put');
  return put.Item;
}

/**
 * One account's life in the window: created (sometimes moving through lifecycle stages), a few deals (some
 * moved on, some won or lost), a few tickets (an inbound contact, a first response, outbound service calls
 * and e-mails on the ticket, most resolved, half of those surveys answered), sales interactions and some
 * service contact without a ticket.
 */
function accountStory(world: World, index: number, window: Window, rng: Random, closeDay: () => string) {
  const span = window.to - window.from;
  const start = window.from + Math.floor(rng.next() * span * 0.7);
  const clock = (from: number) => {
    let now = from;
    return (minHours: number, maxHours: number) => {
      now += (minHours + rng.next() * (maxHours - minHours)) * HOUR_MS;
      return new Date(Math.min(now, window.to - 60_000));
    };
  };
  const client = rng.chance(0.4);
  let account: Account = newAccount(
    {
      name: `Bench Account ${index}`,
      relationship: client ? 'client' : 'customer',
      audience: rng.chance(0.1) ? 'internal' : 'external',
      lifecycleStage: 'lead',
      ownerId: rng.pick(OWNERS),
      ...(client ? { billing: { model: 'retainer', monthlyFee: rng.between(20, 200) * 1000 } } : {}),
      tags: [],
      custom: {},
    },
    new Date(start),
  );
  world.insert(accountItem(account));
  world.accountIds.push(account.id);
  const accountId = account.id;
  const update = (next: Partial<Account>, at: Date) => {
    const changed: Account = {
      ...account,
      ...next,
      updatedAt: at.toISOString(),
      version: account.version + 1,
    };
    world.modify(accountItem(account), accountItem(changed));
    account = changed;
  };
  const accountClock = clock(start);
  for (const stage of ['prospect', 'opportunity', 'active'] as const) {
    if (!rng.chance(0.55)) break;
    update({ lifecycleStage: stage }, accountClock(24, 240));
  }
  if (rng.chance(0.3)) update({ tags: ['priority'] }, accountClock(1, 72));

  for (let d = rng.between(0, 2); d > 0; d--) {
    const next = clock(start + rng.next() * 5 * DAY_MS);
    let deal = newDeal(
      {
        accountId,
        title: `${rng.pick(PRODUCTS)} for ${account.name}`,
        amount: rng.between(10, 900) * 1000,
        currency: rng.chance(0.8) ? 'EUR' : 'USD',
        stage: 'prospecting',
        expectedCloseDate: closeDay(),
        ownerId: account.ownerId,
        engagementType: account.relationship === 'client' ? 'tailored' : 'standard',
      },
      next(0, 1),
    );
    world.insert(dealItem(deal));
    const moveDeal = (stage: typeof deal.stage, at: Date) => {
      const closed = stage === 'won' || stage === 'lost';
      const changed = {
        ...deal,
        stage,
        ...(stage === 'lost' ? { lostReason: 'price' } : {}),
        ...(closed ? { closedAt: at.toISOString() } : {}),
        updatedAt: at.toISOString(),
        version: deal.version + 1,
      };
      world.modify(dealItem(deal), dealItem(changed));
      deal = changed;
    };
    if (rng.chance(0.6)) moveDeal('proposal', next(24, 200));
    if (rng.chance(0.55)) moveDeal(rng.chance(0.5) ? 'won' : 'lost', next(24, 300));
  }

  const tickets: string[] = [];
  for (let t = rng.pick([0, 1, 1, 2]); t > 0; t--) {
    const next = clock(start + rng.next() * 10 * DAY_MS);
    const agentId = rng.pick(AGENTS);
    let ticket: Ticket = newTicket(
      {
        accountId,
        product: rng.pick(PRODUCTS),
        problem: rng.pick(PROBLEMS),
        priority: rng.pick(['low', 'normal', 'normal', 'high', 'urgent'] as const),
        assigneeId: agentId,
      },
      next(0, 1),
    );
    tickets.push(ticket.id);
    world.insert(ticketItem(ticket));
    const moveTicket = (status: Ticket['status'], at: Date) => {
      const changed = {
        ...moved(ticket, status, at),
        updatedAt: at.toISOString(),
        version: ticket.version + 1,
      };
      world.modify(ticketItem(ticket), ticketItem(changed));
      ticket = changed;
    };
    const service = (direction: 'inbound' | 'outbound', at: Date) => {
      const channel = rng.pick(['call', 'call', 'email', 'chat'] as const);
      world.insert(
        interactionItem(
          accountId,
          {
            channel,
            direction,
            category: 'service',
            subject: rng.pick(SERVICE_SUBJECTS),
            ticketId: ticket.id,
            agentId,
            ...(channel === 'call' ? { durationSeconds: rng.between(60, 1800) } : {}),
          },
          at,
        ),
      );
    };
    service('inbound', next(0, 2));
    moveTicket('open', next(0.2, 8));
    for (let o = rng.between(1, 3); o > 0; o--) service('outbound', next(1, 48));
    if (rng.chance(0.75)) {
      moveTicket('resolved', next(1, 24));
      const at = next(0, 0.1).toISOString();
      const resolvedAt = ticket.resolvedAt ?? at;
      const survey = {
        id: derivedId(`survey#${ticket.id}#${resolvedAt}`),
        ticketId: ticket.id,
        accountId,
        ...(ticket.product === undefined ? {} : { product: ticket.product }),
        problem: ticket.problem,
        resolvedAt,
        status: 'sent' as 'sent' | 'answered',
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const token = newSurveyToken();
      world.insert(surveyItem(token, survey));
      if (rng.chance(0.5)) {
        const answeredAt = next(2, 72).toISOString();
        const answered = {
          ...survey,
          status: 'answered' as const,
          score: rng.pick([2, 3, 4, 4, 5, 5, 5]),
          answeredAt,
          updatedAt: answeredAt,
          version: 2,
        };
        world.modify(surveyItem(token, survey), surveyItem(token, answered));
      }
    } else if (rng.chance(0.5)) moveTicket('pending', next(1, 24));
  }
  world.ticketsOf.set(accountId, tickets);

  const contact = clock(start);
  for (let s = rng.between(1, 3); s > 0; s--) {
    const channel = rng.pick(['call', 'email', 'meeting', 'note', 'visit'] as const);
    world.insert(
      interactionItem(
        accountId,
        {
          channel,
          direction: rng.chance(0.6) ? 'outbound' : 'inbound',
          category: 'sales',
          subject: rng.pick(SALES_SUBJECTS),
          agentId: account.ownerId,
          ...(channel === 'call' || channel === 'meeting' ? { durationSeconds: rng.between(300, 3600) } : {}),
        },
        contact(2, 240),
      ),
    );
  }
  if (rng.chance(0.5)) {
    const channel = rng.pick(['chat', 'email', 'call'] as const);
    world.insert(
      interactionItem(
        accountId,
        {
          channel,
          direction: 'inbound',
          category: 'service',
          subject: rng.pick(SERVICE_SUBJECTS),
          agentId: rng.pick(AGENTS),
          ...(channel === 'email' ? {} : { durationSeconds: rng.between(60, 1200) }),
        },
        contact(2, 240),
      ),
    );
  }
}

/** Accounts' stories in the window until they make at least `events` counted-type events. */
function buildWorld(events: number, window: Window, seed: number, closeDay?: () => string) {
  const rng = random(seed);
  const world = new World();
  const days = daysBetween(isoDay(window.to), isoDay(window.to + 180 * DAY_MS));
  const close = closeDay ?? (() => rng.pick(days));
  for (let index = 0; world.counted().length < events; index++) {
    accountStory(world, index, window, rng, close);
  }
  return { world, events: world.events() };
}

// ---------------------------------------------------------------- 1. aggregation per stream record
/** The kind of event, as far as what counting it costs differs. */
function kindOf({ detailType, data = {}, previous, change }: StatsEvent): string {
  switch (detailType) {
    case 'AccountUpdated':
      return previous?.lifecycleStage === data.lifecycleStage
        ? 'AccountUpdated (other fields)'
        : 'AccountUpdated (lifecycle stage)';
    case 'DealStageChanged':
      return change?.to === 'won' || change?.to === 'lost'
        ? `DealStageChanged (${change.to})`
        : 'DealStageChanged (open stage)';
    case 'TicketStatusChanged':
      return change?.to === 'resolved' ? 'TicketStatusChanged (resolved)' : 'TicketStatusChanged (other)';
    case 'InteractionLogged':
      if (data.category !== 'service') return 'InteractionLogged (sales)';
      return data.direction === 'outbound' && typeof data.ticketId === 'string'
        ? 'InteractionLogged (service, outbound on a ticket)'
        : 'InteractionLogged (service, other)';
    default:
      return detailType;
  }
}

interface Sample {
  readonly kind: string;
  readonly outcome: string;
  readonly us: number;
  readonly meter: Meter;
}

async function countEach(events: readonly StatsEvent[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const event of events) {
    const measured = newMeter();
    meter = measured;
    const started = process.hrtime.bigint();
    const outcome = await countOnce(event, new Date());
    const us = Number(process.hrtime.bigint() - started) / 1000;
    meter = undefined;
    samples.push({ kind: kindOf(event), outcome, us, meter: measured });
  }
  return samples;
}

function summary(samples: readonly Sample[]) {
  const n = Math.max(1, samples.length);
  const total = (field: keyof Meter) => samples.reduce((sum, sample) => sum + sample.meter[field], 0);
  const times = samples.map((sample) => sample.us);
  const mean = times.reduce((sum, us) => sum + us, 0) / n;
  return {
    events: samples.length,
    p50Us: Math.round(percentile(times, 50)),
    p99Us: Math.round(percentile(times, 99)),
    meanUs: Math.round(mean),
    /** Of the mean, what was spent outside the SDK's `send` (the aggregation's own work). */
    meanOutsideSendUs: Math.round(mean - total('sendUs') / n),
    readsPerEvent: round(total('reads') / n),
    writesPerEvent: round(total('writes') / n),
    refusedWritesPerEvent: round(total('refused') / n),
    callsPerEvent: round(total('calls') / n),
  };
}

function byKind(samples: readonly Sample[]) {
  const kinds = new Map<string, Sample[]>();
  for (const sample of samples) kinds.set(sample.kind, [...(kinds.get(sample.kind) ?? []), sample]);
  return [...kinds]
    .map(([kind, list]) => {
      const outcomes: Record<string, number> = {};
      for (const sample of list) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
      return { kind, outcomes, ...summary(list) };
    })
    .sort((a, b) => (a.kind < b.kind ? -1 : 1));
}

const outcomesOf = (samples: readonly Sample[]) => {
  const outcomes: Record<string, number> = {};
  for (const sample of samples) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
  return outcomes;
};

/** Every counter of the window's days, summed over them. */
async function totals(window: Window) {
  const days = daysBetween(isoDay(window.from), isoDay(window.to + DAY_MS));
  const sums: Record<string, number> = {};
  for (const counters of (await readDays(days)).values()) {
    for (const [name, value] of Object.entries(counters)) sums[name] = (sums[name] ?? 0) + Number(value);
  }
  return sums;
}

/** What the plain counters must add up to, counted from the events themselves. */
function expectedTotals(events: readonly StatsEvent[]) {
  const kinds = events.map(kindOf);
  const of = (kind: string) => kinds.filter((k) => k === kind).length;
  return {
    'accounts.created': of('AccountCreated'),
    'deals.opened': of('DealCreated'),
    'deals.won': of('DealStageChanged (won)'),
    'deals.lost': of('DealStageChanged (lost)'),
    'tickets.opened': of('TicketOpened'),
    'tickets.resolved': of('TicketStatusChanged (resolved)'),
    'service.interactions':
      of('InteractionLogged (service, outbound on a ticket)') + of('InteractionLogged (service, other)'),
    'surveys.answered': of('SurveyAnswered'),
  };
}

async function aggregation() {
  // A year back, clear of the report's months; the warm-up further back still.
  const month = (back: number) => {
    const now = new Date();
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1);
  };
  const warm = buildWorld(150, { from: month(20), to: month(19) }, 7);
  await countEach(warm.events);
  await countEach(warm.events);
  const window = { from: month(14), to: month(12) };
  const { events: all } = buildWorld(AGG_EVENTS, window, 42);
  const events = all.slice(0, AGG_EVENTS);
  progress(`counting ${events.length} events once (after ${warm.events.length} warm-up)…`);
  let started = process.hrtime.bigint();
  const first = await countEach(events);
  const firstSeconds = round(elapsedMs(started) / 1000);
  const counted = await totals(window);
  progress(`…and again (redelivered)`);
  started = process.hrtime.bigint();
  const again = await countEach(events);
  const againSeconds = round(elapsedMs(started) / 1000);
  const after = await totals(window);
  const expected = expectedTotals(events);
  const mismatches = Object.entries(expected)
    .filter(([name, value]) => (counted[name] ?? 0) !== value)
    .map(([name, value]) => ({ counter: name, expected: value, counted: counted[name] ?? 0 }));
  const countedOnly = (samples: readonly Sample[]) =>
    samples.filter((_, index) => first[index]?.outcome === 'counted');
  return {
    events: events.length,
    window: { from: isoDay(window.from), to: isoDay(window.to) },
    first: {
      seconds: firstSeconds,
      outcomes: outcomesOf(first),
      all: summary(first),
      counted: summary(countedOnly(first)),
      byKind: byKind(first),
    },
    again: {
      seconds: againSeconds,
      outcomes: outcomesOf(again),
      all: summary(again),
      counted: summary(countedOnly(again)),
      byKind: byKind(again),
    },
    checks: {
      expected,
      mismatches,
      unchangedByRedelivery: fingerprint(counted) === fingerprint(after),
    },
  };
}

// ---------------------------------------------------------------- 2. the monthly report
/** Write items 25 per BatchWriteItem, `WRITERS` batches at once, unprocessed ones retried. */
async function writeItems(count: number, make: (index: number) => Item) {
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (;;) {
        const from = next;
        if (from >= count) return;
        next = Math.min(count, from + 25);
        let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = [];
        for (let index = from; index < next; index++) requests.push({ PutRequest: { Item: make(index) } });
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(200, 5 * 2 ** attempt));
          const { UnprocessedItems } = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }),
          );
          requests = UnprocessedItems?.[TABLE] ?? [];
        }
      }
    }),
  );
}

/** Interactions of the world's accounts over the report's two months: a third service, calls timed. */
function fillerInteractions(world: World, window: Window, seed: number) {
  const rng = random(seed);
  return (index: number): Item => {
    const accountId = world.accountIds[index % world.accountIds.length] ?? '';
    const service = rng.chance(0.35);
    const tickets = world.ticketsOf.get(accountId) ?? [];
    const channel = rng.pick(['call', 'email', 'email', 'meeting', 'chat', 'note'] as const);
    const at = new Date(window.from + Math.floor(rng.next() * (window.to - window.from)));
    return interactionItem(
      accountId,
      {
        channel,
        direction: rng.chance(0.5) ? 'outbound' : 'inbound',
        category: service ? 'service' : 'sales',
        subject: rng.pick(service ? SERVICE_SUBJECTS : SALES_SUBJECTS),
        ...(rng.chance(0.2) ? { body: 'Short note on what was agreed, and what happens next.' } : {}),
        agentId: rng.pick(service ? AGENTS : OWNERS),
        ...(channel === 'call' || channel === 'meeting' ? { durationSeconds: rng.between(60, 3600) } : {}),
        ...(service && tickets.length > 0 && rng.chance(0.5) ? { ticketId: rng.pick(tickets) } : {}),
      },
      at,
    );
  };
}

/** `makeReport` run `REPORT_RUNS` times after the warm-up: its median time, reads and DynamoDB calls. */
async function timedReports(day: string) {
  let warmup = 0;
  for (
    const until = performance.now() + REPORT_WARMUP_MS;
    warmup < 3 || performance.now() < until;
    warmup++
  ) {
    await makeReport('month', day, new Date());
  }
  const times: number[] = [];
  const reads = new Set<number>();
  const metered = newMeter();
  let figures = '';
  for (let run = 0; run < REPORT_RUNS; run++) {
    meter = run === 0 ? metered : undefined;
    const started = process.hrtime.bigint();
    const { report, read } = await makeReport('month', day, new Date());
    times.push(elapsedMs(started));
    meter = undefined;
    reads.add(read);
    figures = fingerprint({ ...report, generatedAt: '' });
  }
  return {
    warmup,
    runs: REPORT_RUNS,
    p50Ms: round(percentile(times, 50)),
    minMs: round(Math.min(...times)),
    maxMs: round(Math.max(...times)),
    read: Math.max(...reads),
    readsVaried: reads.size > 1,
    readByClient: metered.reads,
    calls: metered.calls,
    figures,
  };
}

/**
 * The month's service interactions counted from the rows (the way the report avoids): every account's
 * interactions read and filtered, 8 accounts at a time.
 */
async function countFromRows(accountIds: readonly string[], month: { start: string; end: string }) {
  let read = 0;
  let found = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = accountIds[next++]; id !== undefined; id = accountIds[next++]) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await documentClient.send(
            new QueryCommand({
              TableName: TABLE,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :interaction)',
              FilterExpression: 'category = :service AND occurredAt >= :from AND occurredAt < :to',
              ExpressionAttributeValues: {
                ':pk': accountPartition(id),
                ':interaction': INTERACTION_PREFIX,
                ':service': 'service',
                ':from': `${month.start}T00:00:00.000Z`,
                ':to': `${month.end}T00:00:00.000Z`,
              },
              Select: 'COUNT',
              ExclusiveStartKey: start,
            }),
          );
          read += page.ScannedCount ?? 0;
          found += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
      }
    }),
  );
  return { ms: elapsedMs(started), read, found };
}

async function timedRowCounts(accountIds: readonly string[], month: { start: string; end: string }) {
  await countFromRows(accountIds, month);
  const runs: Awaited<ReturnType<typeof countFromRows>>[] = [];
  for (let run = 0; run < NAIVE_RUNS; run++) runs.push(await countFromRows(accountIds, month));
  return {
    runs: NAIVE_RUNS,
    p50Ms: round(
      percentile(
        runs.map((run) => run.ms),
        50,
      ),
    ),
    read: runs[0]?.read ?? 0,
    serviceInteractions: runs[0]?.found ?? 0,
  };
}

async function measure(
  interactions: number,
  added: number,
  writeMs: number,
  day: string,
  accountIds: readonly string[],
  month: { start: string; end: string },
) {
  const report = await timedReports(day);
  const rows = await timedRowCounts(accountIds, month);
  // Removed first, so the report is stored again with its files (the same figures would be kept as they are).
  await documentClient.send(new DeleteCommand({ TableName: TABLE, Key: reportKey('month', month.start) }));
  const started = process.hrtime.bigint();
  const generated = await generateReport('month', day, new Date());
  const generate = { ms: round(elapsedMs(started)), read: generated.read, written: generated.written };
  const result = {
    interactions,
    /** Written just before, and how long that took. */
    added,
    writeMs: Math.round(writeMs),
    writePerSecond: Math.round(added / Math.max(0.001, writeMs / 1000)),
    report,
    rows,
    generate,
  };
  progress(`${interactions} interactions: ${JSON.stringify(result)}`);
  return result;
}

async function monthlyReport() {
  const now = new Date();
  // The last complete month, as the job on the 1st reports it; its aggregates, and the month before's.
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const { start, end, previousStart } = periodOf('month', day);
  const window = { from: Date.parse(`${previousStart}T00:00:00Z`), to: Date.parse(`${end}T00:00:00Z`) };
  // Half the deals expected to close in the quarter the report's pipeline shows, the rest later.
  const quarter = nextQuarter(end);
  const afterQuarter = Date.parse(`${quarter.to}T00:00:00Z`) + DAY_MS;
  const inQuarter = daysBetween(quarter.from, isoDay(afterQuarter));
  const later = daysBetween(isoDay(afterQuarter), isoDay(afterQuarter + 180 * DAY_MS));
  const closeRng = random(11);
  const closeDay = () => closeRng.pick(closeRng.chance(0.5) ? inQuarter : later);
  const { world, events } = buildWorld(MONTH_EVENTS, window, 2026, closeDay);
  let started = process.hrtime.bigint();
  const outcomes = outcomesOf(await countEach(events));
  const countMs = elapsedMs(started);
  // The records' final states (interactions aside: the sizes below are theirs), and open tasks.
  const records = [...world.items.values()].filter((item) => item.type !== 'Interaction');
  const taskRng = random(5);
  for (let index = 0; index < OPEN_TASKS; index++) {
    records.push(
      taskItem(
        newTask(
          {
            title: `Follow up ${index}`,
            assigneeId: taskRng.pick(AGENTS),
            dueAt: new Date(window.to + taskRng.between(-20, 30) * DAY_MS).toISOString(),
            links: { accountId: taskRng.pick(world.accountIds) },
            checklist: [],
          },
          new Date(window.to - DAY_MS),
        ),
      ),
    );
  }
  await writeItems(records.length, (index) => records[index] ?? {});
  const count = (type: string, open: (item: Item) => boolean) =>
    records.filter((item) => item.type === type && open(item)).length;
  const seed = {
    month: start,
    events: events.length,
    outcomes,
    countSeconds: round(countMs / 1000),
    dayItems: daysBetween(previousStart, end).length,
    accounts: world.accountIds.length,
    openDeals: count('Deal', (item) => item.stage !== 'won' && item.stage !== 'lost'),
    unresolvedTickets: count(tickets.type, (item) =>
      ['new', 'open', 'pending'].includes(String(item.status)),
    ),
    openTasks: OPEN_TASKS,
  };
  progress(`month ${start}: ${JSON.stringify(seed)}`);
  const month = { start, end };
  const make = fillerInteractions(world, window, 99);
  started = process.hrtime.bigint();
  await writeItems(SMALL_INTERACTIONS, make);
  const small = await measure(
    SMALL_INTERACTIONS,
    SMALL_INTERACTIONS,
    elapsedMs(started),
    day,
    world.accountIds,
    month,
  );
  if (INTERACTIONS <= SMALL_INTERACTIONS) return { seed, sizes: [small], ratio: null, withinTarget: null };
  progress(`writing ${INTERACTIONS - SMALL_INTERACTIONS} more interactions…`);
  started = process.hrtime.bigint();
  await writeItems(INTERACTIONS - SMALL_INTERACTIONS, make);
  const large = await measure(
    INTERACTIONS,
    INTERACTIONS - SMALL_INTERACTIONS,
    elapsedMs(started),
    day,
    world.accountIds,
    month,
  );
  const ratio = {
    reportTime: round(large.report.p50Ms / small.report.p50Ms),
    reportReads: round(large.report.read / small.report.read),
    rowsTime: round(large.rows.p50Ms / small.rows.p50Ms),
    rowsReads: round(large.rows.read / Math.max(1, small.rows.read)),
    generateTime: round(large.generate.ms / small.generate.ms),
  };
  return {
    seed,
    sizes: [small, large],
    ratio,
    sameFigures: small.report.figures === large.report.figures,
    withinTarget: ratio.reportTime <= TARGET_RATIO && ratio.reportReads <= TARGET_RATIO,
  };
}

/** What this prints (bench/run.ts reads it). */
export type ReportsResult = {
  settings: {
    aggEvents: number;
    interactions: number[];
    monthEvents: number;
    reportRuns: number;
    reportWarmupMs: number;
    rowRuns: number;
    targetRatio: number;
  };
  aggregation: Awaited<ReturnType<typeof aggregation>>;
  monthly: Awaited<ReturnType<typeof monthlyReport>>;
};

try {
  const started = process.hrtime.bigint();
  progress(`aggregation: ${AGG_EVENTS} events…`);
  const aggregated = await aggregation();
  progress(
    `aggregation: ${JSON.stringify(aggregated.first.all)}, again ${JSON.stringify(aggregated.again.all)}`,
  );
  progress(`monthly report over ${SMALL_INTERACTIONS} then ${INTERACTIONS} interactions…`);
  const monthly = await monthlyReport();
  const result: ReportsResult = {
    settings: {
      aggEvents: AGG_EVENTS,
      interactions: monthly.sizes.map((size) => size.interactions),
      monthEvents: monthly.seed.events,
      reportRuns: REPORT_RUNS,
      reportWarmupMs: REPORT_WARMUP_MS,
      rowRuns: NAIVE_RUNS,
      targetRatio: TARGET_RATIO,
    },
    aggregation: aggregated,
    monthly,
  };
  progress(`done in ${round(elapsedMs(started) / 1000, 1)} s`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
