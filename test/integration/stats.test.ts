// The daily aggregates against DynamoDB Local: generated accounts, deals, tickets, service interactions and
// survey answers, their events delivered 1–3 times each, shuffled and by concurrent "instances" — the day
// counters must equal a plain recount of the scenario, first-contact resolutions included when a ticket's
// replies arrive after its resolution; a retried batch changes nothing; an event that counts nothing writes
// nothing. Every day used is in 2041, which no other test touches. FC_SEED (and FC_PATH) replay a failure;
// FC_RUNS_FACTOR scales the number of runs (three by default: DynamoDB Local runs one transaction at a time, ~30 ms each).
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { AUDIENCES, LIFECYCLE_STAGES, RELATIONSHIPS } from '../../functions/accounts/account.ts';
import { accountKey, contactKey, interactionKey } from '../../functions/accounts/entity.ts';
import {
  type DetailType,
  type DomainEventDetail,
  type EntityType,
  EVENT_VERSION,
  eventId,
} from '../../functions/events/events.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { EVENT_SOURCE } from '../../functions/platform/declarations.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { STATS_SHARDS, statsKey, statsKeysOf, statsShardKey } from '../../functions/reporting/entity.ts';
import { handler as aggregate } from '../../functions/reporting/handlers/aggregate-stats.ts';
import { getReport, makeReport, storeReport } from '../../functions/reporting/report-store.ts';
import { ownerSegment } from '../../functions/reporting/stats.ts';
import { type Counted, countOnce, readDays } from '../../functions/reporting/stats-store.ts';
import { reportCsv } from '../../functions/reporting/views/csv.ts';
import { reportPage } from '../../functions/reporting/views/page.ts';
import { dealKey } from '../../functions/sales/entity.ts';
import { surveyKey, ticketKey } from '../../functions/service/entity.ts';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const replayPath = process.env.FC_PATH;
const factor = Number(process.env.FC_RUNS_FACTOR ?? 1);

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One domain event as the bus carries it. */
interface Delivery {
  readonly detailType: DetailType;
  readonly detail: DomainEventDetail;
}

function announce(
  detailType: DetailType,
  entity: EntityType,
  key: { readonly pk: string; readonly sk: string },
  data: Record<string, unknown> & { id: string; version: number },
  occurredAt: string,
  before: Pick<DomainEventDetail, 'previous' | 'change'> = {},
): Delivery {
  return {
    detailType,
    detail: {
      eventId: eventId(detailType, key.pk, key.sk, data.version),
      eventVersion: EVENT_VERSION,
      entity,
      id: data.id,
      ...(typeof data.accountId === 'string' ? { accountId: data.accountId } : {}),
      occurredAt,
      data,
      ...before,
    },
  };
}

const envelope = ({ detailType, detail }: Delivery): EventBridgeEvent<string, DomainEventDetail> => ({
  version: '0',
  id: ulid(),
  'detail-type': detailType,
  source: EVENT_SOURCE,
  account: '123456789012',
  time: detail.occurredAt,
  region: 'us-east-1',
  resources: [],
  detail,
});

/** Counters by day, as a plain object without zeros (a counter that went up and back down reads as none). */
type Days = Record<string, Record<string, number>>;
type ReadDays = Record<string, Record<string, number | bigint>>;
function withoutZeros(days: ReadonlyMap<string, Record<string, number | bigint>> | Days): ReadDays {
  const out: ReadDays = {};
  const entries: Iterable<[string, Record<string, number | bigint>]> =
    days instanceof Map ? days.entries() : Object.entries(days as Days);
  for (const [day, counters] of entries) {
    const kept = Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
    if (Object.keys(kept).length > 0) out[day] = kept;
  }
  return out;
}

class Tally {
  readonly days: Days = {};
  add(at: string, name: string, by = 1) {
    const day = isoDay(Date.parse(at));
    const counters = this.days[day] ?? {};
    counters[name] = (counters[name] ?? 0) + by;
    this.days[day] = counters;
  }
}

/** Forget the counters of `days` (a rerun in watch mode reuses the table). Nobody else writes them. */
async function clearDays(days: readonly string[]) {
  const keys = days.flatMap(statsKeysOf);
  for (let index = 0; index < keys.length; index += 25) {
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE_NAME]: keys.slice(index, index + 25).map((key) => ({ DeleteRequest: { Key: key } })),
        },
      }),
    );
  }
}

/** Deliver to `lanes` concurrent consumers, each taking its share in order — like Lambda instances. */
async function deliverConcurrently<T>(
  deliveries: readonly Delivery[],
  lanes: number,
  consume: (delivery: Delivery) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let index = lane; index < deliveries.length; index += lanes) {
        const delivery = deliveries[index];
        if (delivery !== undefined) results[index] = await consume(delivery);
      }
    }),
  );
  return results;
}

const viaRule = async (delivery: Delivery) => {
  await aggregate(envelope(delivery));
};
const viaStore = (delivery: Delivery): Promise<Counted> =>
  countOnce({ detailType: delivery.detailType, ...delivery.detail }, new Date());

const markerOf = async (id: string) =>
  (
    await documentClient.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: { pk: `STATSEVENT#${id}`, sk: 'STATSEVENT' },
        ConsistentRead: true,
      }),
    )
  ).Item;

// ---- The generated scenario: structure only; ids and days are made fresh for each run. ----

/** An instant in the run's first three days: a whole hour, half past, or the last millisecond of the hour. */
const instant = fc.record({
  day: fc.integer({ min: 0, max: 2 }),
  hour: fc.integer({ min: 0, max: 23 }),
  offset: fc.constantFrom(0, 1_800_000, 3_599_999),
});
type Instant = typeof instant extends fc.Arbitrary<infer T> ? T : never;

const ticketPlan = fc.record({
  openedAt: instant,
  resolutions: fc.uniqueArray(instant, {
    maxLength: 3,
    selector: ({ day, hour, offset }) => `${day}/${hour}/${offset}`,
  }),
  interactions: fc.array(
    fc.record({
      direction: fc.constantFrom('outbound', 'outbound', 'inbound'),
      category: fc.constantFrom('service', 'service', 'service', 'sales'),
      onTicket: fc.constantFrom(true, true, true, false),
      durationSeconds: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
      at: instant,
      loggedHoursLater: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 5 },
  ),
  /** Deliver all its resolutions before any other event (so its replies surely arrive after them). */
  resolutionsFirst: fc.boolean(),
});
type TicketPlan = typeof ticketPlan extends fc.Arbitrary<infer T> ? T : never;

/** A ticket that is surely not resolved at first contact, its replies delivered after its resolution. */
const lateRepliesTicket = fc
  .record({
    resolvedAt: fc.record({
      day: fc.integer({ min: 1, max: 2 }),
      hour: fc.integer({ min: 0, max: 23 }),
      offset: fc.constantFrom(0, 3_599_999),
    }),
    // Hours before the resolution; 0 is the very same instant, which counts as before.
    repliesBefore: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 3 }),
    loggedHoursLater: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ resolvedAt, repliesBefore, loggedHoursLater }): TicketPlan => {
    const hours = resolvedAt.day * 24 + resolvedAt.hour;
    return {
      openedAt: { day: resolvedAt.day - 1, hour: resolvedAt.hour, offset: 0 },
      resolutions: [resolvedAt],
      interactions: repliesBefore.map((before) => ({
        direction: 'outbound',
        category: 'service',
        onTicket: true,
        durationSeconds: undefined,
        at: {
          day: Math.floor((hours - before) / 24),
          hour: (hours - before) % 24,
          offset: before === 0 ? resolvedAt.offset : 0,
        },
        loggedHoursLater,
      })),
      resolutionsFirst: true,
    };
  });

const scenario = fc.record({
  accounts: fc.array(
    fc.record({
      relationship: fc.constantFrom(...RELATIONSHIPS),
      audience: fc.constantFrom(...AUDIENCES),
      stage: fc.constantFrom(...LIFECYCLE_STAGES),
      createdAt: instant,
      // Each update moves the stage (or keeps it, changing something else).
      updates: fc.array(fc.record({ stage: fc.constantFrom(...LIFECYCLE_STAGES), at: instant }), {
        maxLength: 3,
      }),
    }),
    { maxLength: 3 },
  ),
  deals: fc.array(
    fc.record({
      ownerId: fc.option(fc.constantFrom('u-ann', 'u-bo', 'u-cy'), { nil: undefined }),
      currency: fc.constantFrom('EUR', 'USD', 'GBP'),
      amount: fc.integer({ min: 1, max: 5_000_000 }),
      createdAt: instant,
      moves: fc.array(
        fc.record({
          to: fc.constantFrom('qualification', 'proposal', 'negotiation', 'won', 'lost'),
          at: instant,
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 4 },
  ),
  tickets: fc.array(ticketPlan, { maxLength: 3 }),
  late: lateRepliesTicket,
  surveys: fc.array(
    fc.record({ score: fc.integer({ min: 1, max: 5 }), at: instant, alreadyAnswered: fc.boolean() }),
    { maxLength: 3 },
  ),
  noise: fc.array(
    fc.record({ kind: fc.constantFrom('ContactCreated', 'TicketStatusChanged', 'DealUpdated'), at: instant }),
    { maxLength: 3 },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/**
 * The scenario's events (one per change, as the relay would announce them) and, counted independently of
 * the product's code, the counters they must leave.
 */
function build(
  plan: Scenario,
  firstDay: number,
): { events: Delivery[]; early: Set<Delivery>; expected: Days } {
  const iso = ({ day, hour, offset }: Instant) =>
    new Date(firstDay + day * DAY_MS + hour * HOUR_MS + offset).toISOString();
  const events: Delivery[] = [];
  const early = new Set<Delivery>();
  const tally = new Tally();

  for (const plan_ of plan.accounts) {
    const id = ulid();
    const key = accountKey(id);
    const createdAt = iso(plan_.createdAt);
    const account = {
      id,
      name: `Account ${id.slice(-6)}`,
      relationship: plan_.relationship,
      audience: plan_.audience,
      lifecycleStage: plan_.stage as string,
      tags: [] as string[],
      custom: {},
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
    events.push(announce('AccountCreated', 'Account', key, account, createdAt));
    tally.add(createdAt, 'accounts.created');
    tally.add(createdAt, `accounts.created.${plan_.relationship}.${plan_.audience}`);
    tally.add(createdAt, `lifecycle.entered.${plan_.stage}`);
    let current = account;
    for (const update of plan_.updates) {
      const at = iso(update.at);
      const next = { ...current, lifecycleStage: update.stage, updatedAt: at, version: current.version + 1 };
      if (update.stage === current.lifecycleStage) next.tags = ['renamed'];
      events.push(announce('AccountUpdated', 'Account', key, next, at, { previous: current }));
      if (update.stage !== current.lifecycleStage) {
        tally.add(at, `lifecycle.moved.${current.lifecycleStage}.${update.stage}`);
        tally.add(at, `lifecycle.entered.${update.stage}`);
      }
      current = next;
    }
  }

  for (const plan_ of plan.deals) {
    const id = ulid();
    const accountId = ulid();
    const key = dealKey(accountId, id);
    const createdAt = iso(plan_.createdAt);
    const owner = ownerSegment(plan_.ownerId);
    let deal: Record<string, unknown> & { id: string; version: number; stage: string } = {
      id,
      accountId,
      title: `Deal ${id.slice(-6)}`,
      amount: plan_.amount,
      currency: plan_.currency,
      stage: 'prospecting',
      ...(plan_.ownerId === undefined ? {} : { ownerId: plan_.ownerId }),
      // Some tailored work, the rest standard sales (some of them from before the field: no engagementType).
      ...(plan_.amount % 3 === 0
        ? { engagementType: 'tailored' }
        : plan_.amount % 3 === 1
          ? { engagementType: 'standard' }
          : {}),
      ...(plan_.amount % 5 === 0
        ? { audience: 'internal' }
        : plan_.amount % 5 === 1
          ? { audience: 'external' }
          : {}),
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
    const engagement = plan_.amount % 3 === 0 ? 'tailored' : 'standard';
    // Some bought by another department; a deal from before the audience was kept is external.
    const audience = plan_.amount % 5 === 0 ? 'internal' : 'external';
    events.push(announce('DealCreated', 'Deal', key, deal, createdAt));
    tally.add(createdAt, 'deals.opened');
    tally.add(createdAt, `owners.${owner}.opened`);
    for (const move of plan_.moves) {
      if (deal.stage === 'won' || deal.stage === 'lost') break;
      const at = iso(move.at);
      // A loss says why (here by the hour it happened), or — lost before reasons were asked for — nothing.
      const reason = move.to === 'lost' && move.at.hour % 2 === 0 ? 'competitor' : undefined;
      const next = {
        ...deal,
        stage: move.to,
        ...(reason === undefined ? {} : { lostReason: reason }),
        updatedAt: at,
        version: deal.version + 1,
      };
      const change = { field: 'stage', from: deal.stage, to: move.to };
      events.push(announce('DealStageChanged', 'Deal', key, next, at, { previous: deal, change }));
      if (move.to === 'won') {
        tally.add(at, 'deals.won');
        tally.add(at, `deals.wonAmount.${plan_.currency}`, plan_.amount);
        tally.add(at, `owners.${owner}.won`);
        tally.add(at, `owners.${owner}.wonAmount.${plan_.currency}`, plan_.amount);
        tally.add(at, `deals.engagement.${engagement}.won`);
        tally.add(at, `deals.engagement.${engagement}.wonAmount.${plan_.currency}`, plan_.amount);
        tally.add(at, `deals.audience.${audience}.won`);
        tally.add(at, `deals.audience.${audience}.wonAmount.${plan_.currency}`, plan_.amount);
      } else if (move.to === 'lost') {
        tally.add(at, 'deals.lost');
        tally.add(at, `owners.${owner}.lost`);
        tally.add(at, `deals.lostReason.${reason ?? '%none'}`);
      }
      deal = next;
    }
  }

  for (const plan_ of [...plan.tickets, plan.late]) {
    const id = ulid();
    const accountId = ulid();
    const key = ticketKey(accountId, id);
    const openedAt = iso(plan_.openedAt);
    const base = {
      id,
      accountId,
      problem: 'The export button does nothing',
      priority: 'normal',
      links: { accountId },
      createdAt: openedAt,
    };
    let ticket: Record<string, unknown> & { id: string; version: number; status: string } = {
      ...base,
      status: 'new',
      updatedAt: openedAt,
      version: 1,
    };
    events.push(announce('TicketOpened', 'Ticket', key, ticket, openedAt));
    tally.add(openedAt, 'tickets.opened');

    const resolvedAts = plan_.resolutions.map(iso).sort();
    for (const [index, resolvedAt] of resolvedAts.entries()) {
      if (index > 0) {
        // Reopened in between: a change the aggregation does not count.
        const reopened: typeof ticket = {
          ...ticket,
          status: 'open',
          reopenedAt: resolvedAt,
          version: ticket.version + 1,
        };
        delete reopened.resolvedAt;
        const change = { field: 'status', from: 'resolved', to: 'open' };
        events.push(
          announce('TicketStatusChanged', 'Ticket', key, reopened, resolvedAt, { previous: ticket, change }),
        );
        ticket = reopened;
      }
      const resolved = {
        ...ticket,
        status: 'resolved',
        resolvedAt,
        resolutions: index + 1,
        updatedAt: resolvedAt,
        version: ticket.version + 1,
      };
      const change = { field: 'status', from: ticket.status, to: 'resolved' };
      events.push(
        announce('TicketStatusChanged', 'Ticket', key, resolved, resolvedAt, { previous: ticket, change }),
      );
      ticket = resolved;
    }

    const outbound: number[] = [];
    for (const plan__ of plan_.interactions) {
      const occurredAt = iso(plan__.at);
      const loggedAt = new Date(Date.parse(occurredAt) + plan__.loggedHoursLater * HOUR_MS).toISOString();
      const interactionId = ulid(Date.parse(occurredAt));
      const interaction = {
        id: interactionId,
        accountId,
        channel: plan__.direction === 'outbound' ? 'email' : 'call',
        direction: plan__.direction,
        category: plan__.category,
        subject: 'About your ticket',
        occurredAt,
        ...(plan__.durationSeconds === undefined ? {} : { durationSeconds: plan__.durationSeconds }),
        ...(plan__.onTicket ? { ticketId: id } : {}),
        createdAt: loggedAt,
        version: 1,
      };
      events.push(
        announce(
          'InteractionLogged',
          'Interaction',
          interactionKey(accountId, interactionId),
          interaction,
          loggedAt,
        ),
      );
      if (plan__.category !== 'service') continue;
      // Counted on the day it happened, not the day it was logged.
      tally.add(occurredAt, 'service.interactions');
      if (plan__.durationSeconds !== undefined) {
        tally.add(occurredAt, 'service.timed');
        tally.add(occurredAt, 'service.durationSeconds', plan__.durationSeconds);
      }
      if (plan__.onTicket && plan__.direction === 'outbound') outbound.push(Date.parse(occurredAt));
    }
    for (const resolvedAt of resolvedAts) {
      tally.add(resolvedAt, 'tickets.resolved');
      const replies = outbound.filter((at) => at <= Date.parse(resolvedAt)).length;
      if (replies <= 1) tally.add(resolvedAt, 'tickets.resolvedFirstContact');
    }
  }

  for (const plan_ of plan.surveys) {
    const at = iso(plan_.at);
    const token = randomBytes(32).toString('base64url');
    const sent = {
      id: ulid(),
      ticketId: ulid(),
      accountId: ulid(),
      problem: 'Invoice shows the wrong VAT',
      resolvedAt: at,
      status: 'sent',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const answered = {
      ...sent,
      status: 'answered',
      score: plan_.score,
      answeredAt: at,
      updatedAt: at,
      version: 2,
    };
    if (plan_.alreadyAnswered) {
      // A later change to an answered survey (its comment) is not a second answer.
      const edited = { ...answered, comment: 'Quick and friendly', version: 3 };
      events.push(announce('SurveyAnswered', 'Survey', surveyKey(token), edited, at, { previous: answered }));
    } else {
      events.push(announce('SurveyAnswered', 'Survey', surveyKey(token), answered, at, { previous: sent }));
      tally.add(at, 'surveys.answered');
      tally.add(at, `surveys.score.${plan_.score}`);
    }
  }

  for (const plan_ of plan.noise) {
    const at = iso(plan_.at);
    const accountId = ulid();
    const id = ulid();
    if (plan_.kind === 'ContactCreated') {
      const contact = { id, accountId, name: 'Dana Doe', createdAt: at, updatedAt: at, version: 1 };
      events.push(announce('ContactCreated', 'Contact', contactKey(accountId, id), contact, at));
    } else if (plan_.kind === 'TicketStatusChanged') {
      const open = {
        id,
        accountId,
        problem: 'Slow page',
        status: 'open',
        createdAt: at,
        updatedAt: at,
        version: 2,
      };
      const pending = { ...open, status: 'pending', version: 3 };
      const change = { field: 'status', from: 'open', to: 'pending' };
      events.push(
        announce('TicketStatusChanged', 'Ticket', ticketKey(accountId, id), pending, at, {
          previous: open,
          change,
        }),
      );
    } else {
      const deal = {
        id,
        accountId,
        title: 'Renewal',
        amount: 100,
        currency: 'EUR',
        stage: 'proposal',
        version: 2,
      };
      events.push(
        announce('DealUpdated', 'Deal', dealKey(accountId, id), { ...deal, amount: 200, version: 3 }, at, {
          previous: deal,
        }),
      );
    }
  }
  return { events, early, expected: tally.days };
}

// Property runs take 2041 from January on, four days each: three with events, one that must stay empty.
// The fixed scenarios below live in late December.
let nextRunDay = Date.parse('2041-01-01T00:00:00.000Z');
function takeDays(count: number) {
  const first = nextRunDay;
  nextRunDay += count * DAY_MS;
  return { first, days: Array.from({ length: count }, (_, index) => isoDay(first + index * DAY_MS)) };
}

describe('daily aggregates from duplicated, reordered, concurrent delivery', () => {
  it('equal a plain recount of the changes, and a retried batch changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.gen(), async (plan, g) => {
        const { first, days } = takeDays(4);
        await clearDays(days);
        const { events, early, expected } = build(plan, first);
        // Each event delivered 1–3 times, in any order, by 2–8 concurrent consumers — some tickets'
        // resolutions ahead of everything else.
        const deliveries = events.flatMap((event) =>
          Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, () => event),
        );
        const lanes = g(fc.integer, { min: 2, max: 8 });
        for (const wave of [
          deliveries.filter((delivery) => early.has(delivery)),
          deliveries.filter((delivery) => !early.has(delivery)),
        ]) {
          const shuffled = g(fc.shuffledSubarray<Delivery>, wave, {
            minLength: wave.length,
            maxLength: wave.length,
          });
          await deliverConcurrently(shuffled, lanes, viaRule);
        }
        const counted = withoutZeros(await readDays(days));
        expect(counted).toEqual(withoutZeros(expected));

        // The whole batch again (a retried stream batch, an archive replay): nothing moves.
        const again = await deliverConcurrently(events, 4, viaStore);
        expect(again.filter((outcome) => outcome === 'counted')).toEqual([]);
        expect(withoutZeros(await readDays(days))).toEqual(counted);
      }),
      {
        numRuns: Math.ceil(3 * factor),
        ...(seed === undefined ? {} : { seed }),
        ...(replayPath === undefined ? {} : { path: replayPath }),
      },
    );
  });

  it('takes back a first-contact credit when the replies before the resolution arrive after it', async () => {
    const days = ['2041-12-20', '2041-12-21', '2041-12-22'];
    await clearDays(days);
    const accountId = ulid();
    const ticketId = ulid();
    const key = ticketKey(accountId, ticketId);
    const open = {
      id: ticketId,
      accountId,
      problem: 'Cannot log in',
      status: 'open',
      priority: 'high',
      createdAt: '2041-12-20T08:00:00.000Z',
      updatedAt: '2041-12-20T08:00:00.000Z',
      version: 2,
    };
    const resolvedAt = '2041-12-21T23:59:59.999Z';
    const resolved = {
      ...open,
      status: 'resolved',
      resolvedAt,
      resolutions: 1,
      updatedAt: resolvedAt,
      version: 3,
    };
    const resolution = announce('TicketStatusChanged', 'Ticket', key, resolved, resolvedAt, {
      previous: open,
      change: { field: 'status', from: 'open', to: 'resolved' },
    });
    const reply = (occurredAt: string, loggedAt: string) => {
      const id = ulid(Date.parse(occurredAt));
      const interaction = {
        id,
        accountId,
        ticketId,
        channel: 'email',
        direction: 'outbound',
        category: 'service',
        subject: 'Re: Cannot log in',
        occurredAt,
        createdAt: loggedAt,
        version: 1,
      };
      return announce(
        'InteractionLogged',
        'Interaction',
        interactionKey(accountId, id),
        interaction,
        loggedAt,
      );
    };
    // Both replies happened before the resolution (the second at the same instant) but are logged later.
    const first = reply('2041-12-20T09:00:00.000Z', '2041-12-22T10:00:00.000Z');
    const second = reply(resolvedAt, '2041-12-22T10:05:00.000Z');
    const after = reply('2041-12-22T00:00:00.000Z', '2041-12-22T10:10:00.000Z');

    expect(await viaStore(resolution)).toBe('counted');
    expect(await viaStore(resolution)).toBe('already counted');
    expect(withoutZeros(await readDays(days))).toEqual({
      '2041-12-21': { 'tickets.resolved': 1, 'tickets.resolvedFirstContact': 1 },
    });
    // One reply before the resolution still leaves it first-contact.
    await Promise.all([viaStore(first), viaStore(first), viaStore(after)]);
    expect(withoutZeros(await readDays(days))).toEqual({
      '2041-12-20': { 'service.interactions': 1 },
      '2041-12-21': { 'tickets.resolved': 1, 'tickets.resolvedFirstContact': 1 },
      '2041-12-22': { 'service.interactions': 1 },
    });
    // The second one takes the credit back — on the resolution's day, not the reply's.
    await Promise.all([viaStore(second), viaStore(second), viaStore(resolution), viaStore(first)]);
    expect(withoutZeros(await readDays(days))).toEqual({
      '2041-12-20': { 'service.interactions': 1 },
      '2041-12-21': { 'tickets.resolved': 1, 'service.interactions': 1 },
      '2041-12-22': { 'service.interactions': 1 },
    });
  });

  it('writes nothing — no marker, no counter — for an event that counts nothing', async () => {
    const day = '2041-12-27';
    await clearDays([day]);
    const at = `${day}T12:00:00.000Z`;
    const accountId = ulid();
    const dealId = ulid();
    const account = {
      id: accountId,
      name: 'Acme',
      relationship: 'client',
      audience: 'external',
      lifecycleStage: 'active',
      tags: [],
      custom: {},
      createdAt: at,
      updatedAt: at,
      version: 4,
    };
    const deal = {
      id: dealId,
      accountId,
      title: 'Renewal',
      amount: 900,
      currency: 'EUR',
      stage: 'qualification',
    };
    const salesCallId = ulid(Date.parse(at));
    const nothing: Delivery[] = [
      announce(
        'AccountUpdated',
        'Account',
        accountKey(accountId),
        { ...account, name: 'Acme Ltd', version: 5 },
        at,
        {
          previous: account,
        },
      ),
      announce(
        'DealStageChanged',
        'Deal',
        dealKey(accountId, dealId),
        { ...deal, stage: 'proposal', version: 3 },
        at,
        {
          previous: { ...deal, version: 2 },
          change: { field: 'stage', from: 'qualification', to: 'proposal' },
        },
      ),
      announce(
        'InteractionLogged',
        'Interaction',
        interactionKey(accountId, salesCallId),
        {
          id: salesCallId,
          accountId,
          channel: 'call',
          direction: 'outbound',
          category: 'sales',
          subject: 'Renewal terms',
          occurredAt: at,
          durationSeconds: 600,
          // Sales talk on a ticket is no reply to it.
          ticketId: ulid(),
          createdAt: at,
          version: 1,
        },
        at,
      ),
      announce(
        'ContactCreated',
        'Contact',
        contactKey(accountId, ulid()),
        { id: ulid(), accountId, name: 'Dana Doe', version: 1 },
        at,
      ),
    ];
    for (const event of nothing) {
      expect(await viaStore(event), event.detailType).toBe('not counted');
      await viaRule(event);
      expect(await markerOf(event.detail.eventId), event.detailType).toBeUndefined();
    }
    expect(await readDays([day])).toEqual(new Map());
  });
});

describe('reports from the counters', () => {
  // Days of 2042: no other test touches them.
  const wonDeal = (ownerId: string | undefined, amount: number, at: string, currency = 'EUR') => {
    const id = ulid();
    const accountId = ulid();
    const before = {
      id,
      accountId,
      title: 'Big one',
      amount,
      currency,
      stage: 'negotiation',
      ...(ownerId === undefined ? {} : { ownerId }),
      version: 1,
    };
    return announce(
      'DealStageChanged',
      'Deal',
      dealKey(accountId, id),
      { ...before, stage: 'won', version: 2 },
      at,
      {
        previous: before,
        change: { field: 'stage', from: 'negotiation', to: 'won' },
      },
    );
  };

  it('state a day whose revenue passes 2^53 − 1 exactly, in the JSON, the stored report, the CSV and the page', async () => {
    const days = ['2042-03-09', '2042-03-10'];
    await clearDays(days);
    // Two deals won at the largest amount a deal could once have (Number.MAX_SAFE_INTEGER), on one day.
    const max = Number.MAX_SAFE_INTEGER;
    for (const ownerId of ['big.spender', 'big.spender'])
      await viaRule(wonDeal(ownerId, max, '2042-03-10T10:00:00.000Z'));
    await viaRule(wonDeal(undefined, 250, '2042-03-10T11:00:00.000Z', 'USD'));
    const total = (2n * BigInt(max)).toString();
    expect((await readDays(['2042-03-10'])).get('2042-03-10')?.['deals.wonAmount.EUR']).toBe(BigInt(total));

    const { report } = await makeReport('day', '2042-03-10', new Date('2042-03-11T06:00:00.000Z'));
    expect(report.sales.revenue).toEqual({
      EUR: { value: total, previous: 0, change: total },
      USD: { value: 250, previous: 0, change: 250 },
    });
    expect(report.sales.byOwner).toMatchObject([
      { ownerId: 'big.spender', won: { value: 2 }, revenue: { EUR: { value: total } } },
      { ownerId: null, won: { value: 1 }, revenue: { USD: { value: 250 } } },
    ]);
    // Stored and read back whole (a number past 2^53 − 1 could not even be written).
    await storeReport(report, async () => ({ csv: 'day-2042-03-10.csv', html: 'day-2042-03-10.html' }));
    expect((await getReport(report.id)).report.sales.revenue).toEqual(report.sales.revenue);
    expect(reportCsv(report).split('\r\n')).toContain(`sales,revenue_minor_units,EUR,${total},0,${total}`);
    expect(reportPage(report)).toContain('€180,143,985,094,819.82');
  });

  it("spread a day's events over its shards, and sum them with the counters kept before the day was sharded", async () => {
    const day = '2042-05-01';
    await clearDays([day]);
    const max = Number.MAX_SAFE_INTEGER;
    // What a table written before sharding holds: one item for the whole day.
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...statsKey(day), type: 'Stats', day, 'deals.won': 5, 'deals.wonAmount.EUR': max },
      }),
    );
    const at = `${day}T09:00:00.000Z`;
    for (let index = 0; index < 40; index++) await viaRule(wonDeal('spread', 10, at));
    const shards = await Promise.all(
      Array.from({ length: STATS_SHARDS }, async (_, shard) => {
        const { Item } = await documentClient.send(
          new GetCommand({ TableName: TABLE_NAME, Key: statsShardKey(day, shard) }),
        );
        return Item;
      }),
    );
    const written = shards.filter((item) => item !== undefined);
    // 40 events in one shard would be a chance of 16 × 16^-40: the event ids spread them.
    expect(written.length).toBeGreaterThan(1);
    expect(written.reduce((sum, item) => sum + Number(item['deals.won']), 0)).toBe(40);
    expect(written.every((item) => item.day === day && typeof item.shard === 'number')).toBe(true);
    const counters = (await readDays([day])).get(day);
    expect(counters?.['deals.won']).toBe(45);
    expect(counters?.['deals.wonAmount.EUR']).toBe(BigInt(max) + 400n);
    expect(counters?.shard).toBeUndefined();
  });

  it('keep owners whose ids would once have run into each other apart, and a member named "unassigned" from no owner', async () => {
    const days = ['2042-04-01', '2042-04-02'];
    await clearDays(days);
    const at = '2042-04-02T09:00:00.000Z';
    await viaRule(wonDeal('q', 1_000, at));
    await viaRule(wonDeal('q.wonAmount', 7, at));
    await viaRule(wonDeal('unassigned', 20, at));
    await viaRule(wonDeal(undefined, 300, at));
    const { report } = await makeReport('day', '2042-04-02', new Date('2042-04-03T06:00:00.000Z'));
    const figures = report.sales.byOwner.map((owner) => ({
      ownerId: owner.ownerId,
      won: owner.won.value,
      revenue: owner.revenue,
    }));
    const eur = (value: number) => ({ EUR: { value, previous: 0, change: value } });
    expect(figures).toEqual([
      { ownerId: 'q', won: 1, revenue: eur(1_000) },
      { ownerId: 'q.wonAmount', won: 1, revenue: eur(7) },
      { ownerId: 'unassigned', won: 1, revenue: eur(20) },
      { ownerId: null, won: 1, revenue: eur(300) },
    ]);
  });
});
