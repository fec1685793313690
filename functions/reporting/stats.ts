// Daily aggregates: which counters a domain event moves, on which day. Pure — the store applies them once
// per event. Counters are flat numeric attributes of a day's `STATS#<yyyy-mm-dd>#<shard>` items, named by
// dotted paths, e.g. `deals.won`, `deals.wonAmount.EUR`, `owners.<owner>.won`, `deals.lostReason.price`,
// `deals.engagement.tailored.won`, `accounts.created.client.internal`, `surveys.score.5`,
// `billing.charges.amount.EUR`. An owner's part is their id escaped (ownerSegment), so no id reaches another's
// counters.

import { createHash } from 'node:crypto';

/** A day's counter as read back: a number, or a BigInt once past 2^53 − 1 (DynamoDB keeps it exactly). */
export type Counter = number | bigint;

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
/** Whole counters add up exactly (as BigInt past 2^53 − 1); a fraction, which no counter holds, as numbers. */
export function addCounters(a: Counter, b: Counter): Counter {
  const whole = (value: Counter) => typeof value === 'bigint' || Number.isInteger(value);
  if (!whole(a) || !whole(b)) return Number(a) + Number(b);
  const sum = BigInt(a) + BigInt(b);
  return sum <= MAX_EXACT && sum >= -MAX_EXACT ? Number(sum) : sum;
}

/**
 * The shard (0 … shards − 1) of a day's counters an event adds to, from a hash of its id: the events of a burst
 * spread evenly, and a redelivered event goes where it went the first time.
 */
export const shardOf = (eventId: string, shards: number): number =>
  createHash('sha256').update(eventId).digest().readUInt32BE(0) % shards;

/** Counter name → amount to add, on one day. */
export type Increments = Record<string, number>;
export type DayIncrements = ReadonlyMap<string, Increments>;

/** The fields of an event the aggregation reads (any record's event detail has this shape). */
export interface StatsEvent {
  readonly detailType: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly previous?: Readonly<Record<string, unknown>>;
  readonly change?: { readonly field: string; readonly from: unknown; readonly to: unknown };
}

/** The detail-types the aggregation counts (the rule's pattern lists them). */
export const COUNTED_EVENTS = [
  'AccountCreated',
  'AccountUpdated',
  'DealCreated',
  'DealStageChanged',
  'TicketOpened',
  'TicketStatusChanged',
  'InteractionLogged',
  'SurveyAnswered',
  'InvoiceIssued',
  'ChargeIssued',
] as const;

export const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

const text = (value: unknown, fallback: string) =>
  typeof value === 'string' && value !== '' ? value : fallback;
const amount = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * The owner's part of a deal counter's name (`owners.<part>.won`): the id with `%` and `.` escaped, so an id
 * holding dots (`q.wonAmount`) cannot reach into another owner's counters (`q`'s); NO_OWNER for a deal
 * without one, which no escaped id can be (an escaped `%` is always followed by 25 or 2E).
 */
export const OWNERS = 'owners';
export const NO_OWNER = '%none';
export const ownerSegment = (ownerId: string | undefined) =>
  ownerId === undefined || ownerId === ''
    ? NO_OWNER
    : ownerId.replace(/[%.]/g, (char) => (char === '%' ? '%25' : '%2E'));
/** The owner a counter name's part stands for (null: no owner). */
export const ownerOfSegment = (segment: string): string | null =>
  segment === NO_OWNER ? null : segment.replace(/%2E|%25/g, (code) => (code === '%25' ? '%' : '.'));

/**
 * The lost reason's part of its counter (`deals.lostReason.<code>`): the deal's code (codes hold no dot), or
 * NO_REASON for a deal lost before reasons were asked for.
 */
export const NO_REASON = '%none';
const reasonOf = (data: Readonly<Record<string, unknown>>) =>
  typeof data.lostReason === 'string' && /^[a-z][a-z0-9_]{0,39}$/.test(data.lostReason)
    ? data.lostReason
    : NO_REASON;

/** A won deal's audience (`deals.audience.internal.won`): a deal from before it was kept is external. */
export const DEAL_AUDIENCES = ['external', 'internal'] as const;

/** A won deal's engagement type (`deals.engagement.<type>.won`): a deal from before the split is standard. */
export const ENGAGEMENTS = ['standard', 'tailored'] as const;
const engagementOf = (data: Readonly<Record<string, unknown>>) =>
  data.engagementType === 'tailored' ? 'tailored' : 'standard';

/**
 * A bill's engagement type (`billing.invoices.engagement.<type>`). A bill from before it was kept is judged by
 * its lines, as its order's default was: standard when it billed an order of catalogue lines only (each kept
 * its SKU on the bill), else tailored — a retainer pays for tailored work, and an order from before the
 * catalogue had tailored lines only.
 */
const billedEngagement = (data: Readonly<Record<string, unknown>>): (typeof ENGAGEMENTS)[number] => {
  if (data.engagementType === 'standard' || data.engagementType === 'tailored') return data.engagementType;
  const { lines, source } = data;
  const ofOrder =
    typeof source === 'object' && source !== null && 'kind' in source && source.kind === 'order';
  const catalogueOnly =
    Array.isArray(lines) &&
    lines.length > 0 &&
    lines.every(
      (line: unknown) =>
        typeof line === 'object' && line !== null && 'sku' in line && typeof line.sku === 'string',
    );
  return ofOrder && catalogueOnly ? 'standard' : 'tailored';
};

/** A bill's counters, on the day it was issued: `billing.invoices.*` (external) or `billing.charges.*` (internal). */
function billIncrements(kind: 'invoices' | 'charges', data: Readonly<Record<string, unknown>>): Increments {
  const currency = text(data.currency, 'EUR');
  const engagement = `billing.${kind}.engagement.${billedEngagement(data)}`;
  return {
    [`billing.${kind}.issued`]: 1,
    [`billing.${kind}.amount.${currency}`]: amount(data.total),
    [`${engagement}.issued`]: 1,
    [`${engagement}.amount.${currency}`]: amount(data.total),
  };
}

const ownerCounters = (ownerId: unknown) =>
  `${OWNERS}.${ownerSegment(typeof ownerId === 'string' ? ownerId : undefined)}`;

/** The counters an event moves, by day (empty when it counts for nothing). */
export function incrementsOf(event: StatsEvent): DayIncrements {
  const data = event.data ?? {};
  const day = dayOf(event.occurredAt);
  const on = (increments: Increments, at = day): DayIncrements => new Map([[at, increments]]);
  switch (event.detailType) {
    case 'AccountCreated': {
      const relationship = text(data.relationship, 'customer');
      const audience = text(data.audience, 'external');
      return on({
        'accounts.created': 1,
        [`accounts.created.${relationship}.${audience}`]: 1,
        [`lifecycle.entered.${text(data.lifecycleStage, 'lead')}`]: 1,
      });
    }
    case 'AccountUpdated': {
      const from = event.previous?.lifecycleStage;
      const to = data.lifecycleStage;
      if (typeof from !== 'string' || typeof to !== 'string' || from === to) return new Map();
      return on({ [`lifecycle.moved.${from}.${to}`]: 1, [`lifecycle.entered.${to}`]: 1 });
    }
    case 'DealCreated':
      return on({ 'deals.opened': 1, [`${ownerCounters(data.ownerId)}.opened`]: 1 });
    case 'DealStageChanged': {
      const to = event.change?.to;
      if (to !== 'won' && to !== 'lost') return new Map();
      const owner = ownerCounters(data.ownerId);
      if (to === 'lost') {
        return on({ 'deals.lost': 1, [`${owner}.lost`]: 1, [`deals.lostReason.${reasonOf(data)}`]: 1 });
      }
      const currency = text(data.currency, 'EUR');
      const engagement = `deals.engagement.${engagementOf(data)}`;
      const audience = `deals.audience.${data.audience === 'internal' ? 'internal' : 'external'}`;
      return on({
        [`${audience}.won`]: 1,
        [`${audience}.wonAmount.${currency}`]: amount(data.amount),
        'deals.won': 1,
        [`deals.wonAmount.${currency}`]: amount(data.amount),
        [`${engagement}.won`]: 1,
        [`${engagement}.wonAmount.${currency}`]: amount(data.amount),
        [`${owner}.won`]: 1,
        [`${owner}.wonAmount.${currency}`]: amount(data.amount),
      });
    }
    case 'TicketOpened':
      return on({ 'tickets.opened': 1 });
    case 'InteractionLogged': {
      if (data.category !== 'service') return new Map();
      const at = dayOf(text(data.occurredAt, event.occurredAt));
      const duration = data.durationSeconds;
      return on(
        {
          'service.interactions': 1,
          ...(typeof duration === 'number'
            ? { 'service.timed': 1, 'service.durationSeconds': duration }
            : {}),
        },
        at,
      );
    }
    case 'SurveyAnswered': {
      const score = data.score;
      if (typeof score !== 'number' || event.previous?.status === 'answered') return new Map();
      return on({ 'surveys.answered': 1, [`surveys.score.${score}`]: 1 });
    }
    case 'InvoiceIssued':
      return on(billIncrements('invoices', data), dayOf(text(data.issuedAt, event.occurredAt)));
    case 'ChargeIssued':
      return on(billIncrements('charges', data), dayOf(text(data.issuedAt, event.occurredAt)));
    default:
      // TicketStatusChanged is counted with the ticket's first-contact state (see ticketIncrements).
      return new Map();
  }
}

/** Per ticket, what first-contact resolution needs: its outbound service interactions and its resolutions. */
export interface TicketStats {
  readonly outbound: readonly string[];
  readonly resolutions: readonly { readonly at: string; readonly firstContact: boolean }[];
}

export const EMPTY_TICKET_STATS: TicketStats = { outbound: [], resolutions: [] };

/** A resolution is first-contact when at most one outbound service interaction on the ticket preceded it. */
const firstContact = (outbound: readonly string[], at: string) =>
  outbound.filter((time) => time <= at).length <= 1;

/**
 * A ticket's stats after an outbound service interaction or a resolution, and the counter changes that
 * follow — the same totals whatever order the events arrive in: a late interaction that makes an earlier
 * resolution no longer first-contact takes that resolution's credit back on its day.
 */
export function ticketIncrements(
  stats: TicketStats,
  happened: { readonly outboundAt: string } | { readonly resolvedAt: string },
): { stats: TicketStats; increments: DayIncrements } {
  const outbound =
    'outboundAt' in happened ? [...stats.outbound, happened.outboundAt].sort() : stats.outbound;
  const increments = new Map<string, Increments>();
  const add = (day: string, name: string, by: number) => {
    const counters = increments.get(day) ?? {};
    counters[name] = (counters[name] ?? 0) + by;
    increments.set(day, counters);
  };
  const resolutions = stats.resolutions.map((resolution) => {
    const now = firstContact(outbound, resolution.at);
    if (now !== resolution.firstContact)
      add(dayOf(resolution.at), 'tickets.resolvedFirstContact', now ? 1 : -1);
    return { at: resolution.at, firstContact: now };
  });
  if ('resolvedAt' in happened && !resolutions.some((resolution) => resolution.at === happened.resolvedAt)) {
    const now = firstContact(outbound, happened.resolvedAt);
    add(dayOf(happened.resolvedAt), 'tickets.resolved', 1);
    if (now) add(dayOf(happened.resolvedAt), 'tickets.resolvedFirstContact', 1);
    resolutions.push({ at: happened.resolvedAt, firstContact: now });
  }
  return { stats: { outbound, resolutions }, increments };
}
