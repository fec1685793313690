// Building a report from its inputs — pure, so every figure can be checked against a recomputation from raw
// records: the daily counters of the period and of the previous equal period, and the states read from
// indexes when the report is made.
import { LIFECYCLE_STAGES } from '../accounts/index.ts';
import {
  type Attainment,
  amountOf,
  type BillFigures,
  exactAmount,
  type Figure,
  type LostReasonFigures,
  type Money,
  type MoneyFigure,
  type OwnerFigures,
  type Period,
  type Report,
  type StageFigures,
  statesOf,
} from './report.ts';
import {
  addCounters,
  type Counter,
  DEAL_AUDIENCES,
  ENGAGEMENTS,
  NO_OWNER,
  NO_REASON,
  OWNERS,
  ownerOfSegment,
  ownerSegment,
} from './stats.ts';

const DAY_MS = 24 * 3600_000;
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** The period containing `day` (UTC): the day itself, its Monday–Sunday week, or its calendar month. */
export function periodOf(period: Period, day: string): { start: string; end: string; previousStart: string } {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${day}`);
  if (period === 'day') return { start: day, end: addDays(day, 1), previousStart: addDays(day, -1) };
  if (period === 'week') {
    const start = addDays(day, -((date.getUTCDay() + 6) % 7));
    return { start, end: addDays(start, 7), previousStart: addDays(start, -7) };
  }
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    start: iso(new Date(Date.UTC(year, month, 1))),
    end: iso(new Date(Date.UTC(year, month + 1, 1))),
    previousStart: iso(new Date(Date.UTC(year, month - 1, 1))),
  };
}

/** Every day from `start` (inclusive) to `end` (exclusive). */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day < end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The calendar quarter after the one holding the period's last day: its name and first/last day. */
export function nextQuarter(end: string): { quarter: string; from: string; to: string } {
  const last = new Date(Date.parse(`${end}T00:00:00Z`) - DAY_MS);
  const startMonth = (Math.floor(last.getUTCMonth() / 3) + 1) * 3;
  const from = new Date(Date.UTC(last.getUTCFullYear(), startMonth, 1));
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 3, 0));
  return {
    quarter: `${from.getUTCFullYear()}-Q${Math.floor(from.getUTCMonth() / 3) + 1}`,
    from: iso(from),
    to: iso(to),
  };
}

export const reportId = (period: Period, start: string) => `${period}-${start}`;

type Counters = Readonly<Record<string, Counter>>;

/** Counters summed over days, exactly. */
export function sumDays(
  days: readonly string[],
  byDay: ReadonlyMap<string, Counters>,
): Record<string, Counter> {
  const total: Record<string, Counter> = {};
  for (const day of days) {
    for (const [name, value] of Object.entries(byDay.get(day) ?? {}))
      total[name] = addCounters(total[name] ?? 0, value);
  }
  return total;
}

export interface ReportInputs {
  readonly period: Period;
  /** Any day in the period. */
  readonly day: string;
  /** Daily counters of the period and of the previous one (days without counters may be absent). */
  readonly counters: ReadonlyMap<string, Counters>;
  readonly pipeline: readonly StageFigures[];
  readonly workload: Report['workload'];
  readonly accountCounts: Report['accounts']['counts'];
  readonly lifecycle: readonly { readonly stage: string; readonly accounts: number }[];
  /** The previous period's report, if one was made: its states are the previous values of this one's. */
  readonly previous?: Report | undefined;
  /** The owners' quotas set for this period and for the previous one. */
  readonly quotas?: { readonly current: readonly QuotaTargets[]; readonly previous: readonly QuotaTargets[] };
  /** The lost-reason list as it is now (labels, and the order the reasons are shown in). */
  readonly lostReasons?: readonly { readonly code: string; readonly label: string }[];
  /** Member id → name, for the people the report names. */
  readonly names?: ReadonlyMap<string, string>;
  readonly generatedAt: Date;
}

/** One owner's quota for a period: currency → amount to win (minor units). */
export interface QuotaTargets {
  readonly ownerId: string;
  readonly targets: Readonly<Record<string, number>>;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (part: number, whole: number, scale = 100, places = 1) =>
  whole === 0 ? null : round((part / whole) * scale, places);

function figure(value: number | null, previous: number | null, places = 2): Figure {
  return {
    value,
    previous,
    change: value === null || previous === null ? null : round(value - previous, places),
  };
}

/** Sub-keys under `prefix.` among both periods' counters (currencies, owners, scores…). */
function keysUnder(prefix: string, ...all: Counters[]): string[] {
  const keys = new Set<string>();
  for (const counters of all) {
    for (const name of Object.keys(counters))
      if (name.startsWith(prefix)) keys.add(name.slice(prefix.length));
  }
  return [...keys].sort();
}

/** An amount and the previous one, exactly (see Amount): never rounded, never left out. */
function moneyFigure(value: Counter, previous: Counter): MoneyFigure {
  const [now, before] = [exactAmount(value), exactAmount(previous)];
  return { value: amountOf(now), previous: amountOf(before), change: amountOf(now - before) };
}

function money(prefix: string, now: Counters, before: Counters): Money {
  const currencies = keysUnder(`${prefix}.`, now, before).filter((key) => !key.includes('.'));
  return Object.fromEntries(
    currencies.map((currency) => [
      currency,
      moneyFigure(now[`${prefix}.${currency}`] ?? 0, before[`${prefix}.${currency}`] ?? 0),
    ]),
  );
}

/** A counted number of things (deals, tickets, answers, seconds): far below 2^53 in any period. */
const count = (counters: Counters, name: string) => Number(counters[name] ?? 0);

const OWNER_COUNTER = new RegExp(`^${OWNERS}\\.([^.]+)\\.(opened|won|lost|wonAmount\\.[^.]+)$`);
const EARLIER_OWNER_COUNTER = /^owner\.(.+)\.(opened|won|lost|wonAmount\.[^.]+)$/;

/**
 * The deal counters of each owner, by the owner's counter-name part (ownerSegment): `owners.<part>.<metric>`,
 * and the counters written before owner ids were escaped, `owner.<id>.<metric>` with `unassigned` for no owner
 * — read as they were meant (an id with dots was ambiguous there, as it was then), so a deployed table's
 * earlier days keep their figures by owner.
 */
function ownerCounters(counters: Counters): Map<string, Record<string, Counter>> {
  const owners = new Map<string, Record<string, Counter>>();
  const put = (segment: string, metric: string, value: Counter) => {
    const into = owners.get(segment) ?? {};
    into[metric] = addCounters(into[metric] ?? 0, value);
    owners.set(segment, into);
  };
  for (const [name, value] of Object.entries(counters)) {
    const current = OWNER_COUNTER.exec(name);
    if (current?.[1] !== undefined && current[2] !== undefined) {
      put(current[1], current[2], value);
      continue;
    }
    const earlier = EARLIER_OWNER_COUNTER.exec(name);
    if (earlier?.[1] !== undefined && earlier[2] !== undefined) {
      put(earlier[1] === 'unassigned' ? NO_OWNER : ownerSegment(earlier[1]), earlier[2], value);
    }
  }
  return owners;
}

const NO_REASON_LABEL = 'No reason given';

/** The period's losses by reason: the list's reasons in its order, then other codes found, then none given. */
function lostReasons(
  list: readonly { readonly code: string; readonly label: string }[],
  now: Counters,
  before: Counters,
): LostReasonFigures[] {
  const prefix = 'deals.lostReason.';
  const found = keysUnder(prefix, now, before);
  const listed = new Set(list.map((reason) => reason.code));
  const others = found.filter((code) => !listed.has(code) && code !== NO_REASON);
  const row = (code: string, label: string): LostReasonFigures => ({
    reason: code === NO_REASON ? null : code,
    label,
    deals: figure(count(now, `${prefix}${code}`), count(before, `${prefix}${code}`)),
  });
  return [
    ...list.map((reason) => row(reason.code, reason.label)),
    ...others.map((code) => row(code, code)),
    ...(found.includes(NO_REASON) ? [row(NO_REASON, NO_REASON_LABEL)] : []),
  ];
}

const percentOf = (part: bigint, whole: bigint | null) =>
  whole === null || whole === 0n ? null : round((Number(part) / Number(whole)) * 100, 1);

/** Each owner's revenue against their quota per currency, and the team's (see Report.sales.quotaAttainment). */
function quotaAttainment(
  quotas: NonNullable<ReportInputs['quotas']>,
  ownersNow: ReadonlyMap<string, Readonly<Record<string, Counter>>>,
  ownersBefore: ReadonlyMap<string, Readonly<Record<string, Counter>>>,
  nameOf: (id: string | null) => { ownerName?: string },
): Report['sales']['quotaAttainment'] {
  const targetOf = (list: readonly QuotaTargets[], ownerId: string, currency: string) => {
    const amount = list.find((quota) => quota.ownerId === ownerId)?.targets[currency];
    return amount === undefined ? null : exactAmount(amount);
  };
  const wonOf = (
    owners: ReadonlyMap<string, Readonly<Record<string, Counter>>>,
    ownerId: string,
    currency: string,
  ) => exactAmount(owners.get(ownerSegment(ownerId))?.[`wonAmount.${currency}`] ?? 0);
  const pairs = new Map<string, { ownerId: string; currency: string }>();
  for (const quota of [...quotas.current, ...quotas.previous]) {
    for (const currency of Object.keys(quota.targets))
      pairs.set(`${quota.ownerId}\u0000${currency}`, { ownerId: quota.ownerId, currency });
  }
  const byOwner = [...pairs.values()]
    .sort(
      (a, b) =>
        byOwnerId(a.ownerId, b.ownerId) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
    )
    .map(({ ownerId, currency }) => {
      const [target, previousTarget] = [
        targetOf(quotas.current, ownerId, currency),
        targetOf(quotas.previous, ownerId, currency),
      ];
      const [won, wonBefore] = [wonOf(ownersNow, ownerId, currency), wonOf(ownersBefore, ownerId, currency)];
      return {
        row: {
          ownerId,
          ...nameOf(ownerId),
          currency,
          target: target === null ? null : amountOf(target),
          previousTarget: previousTarget === null ? null : amountOf(previousTarget),
          won: moneyFigure(won, wonBefore),
          attainment: figure(percentOf(won, target), percentOf(wonBefore, previousTarget)),
        } satisfies Attainment,
        sums: { target, previousTarget, won, wonBefore },
      };
    });
  const currencies = [...new Set(byOwner.map(({ row }) => row.currency))].sort();
  const team = currencies.map((currency): Attainment => {
    const rows = byOwner.filter(({ row }) => row.currency === currency).map(({ sums }) => sums);
    // Each period's team: the owners with a quota in it.
    const sum = (pick: (entry: (typeof rows)[number]) => bigint | null) =>
      rows.reduce<bigint | null>((total, entry) => {
        const value = pick(entry);
        return value === null ? total : (total ?? 0n) + value;
      }, null);
    const target = sum((entry) => entry.target);
    const previousTarget = sum((entry) => entry.previousTarget);
    const won = sum((entry) => (entry.target === null ? null : entry.won)) ?? 0n;
    const wonBefore = sum((entry) => (entry.previousTarget === null ? null : entry.wonBefore)) ?? 0n;
    return {
      ownerId: null,
      currency,
      target: target === null ? null : amountOf(target),
      previousTarget: previousTarget === null ? null : amountOf(previousTarget),
      won: moneyFigure(won, wonBefore),
      attainment: figure(percentOf(won, target), percentOf(wonBefore, previousTarget)),
    };
  });
  return { byOwner: byOwner.map(({ row }) => row), team };
}

/** One kind of bill (`billing.invoices`, `billing.charges`): issued, amounts, and both by engagement type. */
function billFigures(prefix: string, now: Counters, before: Counters): BillFigures {
  const issued = (name: string) => figure(count(now, name), count(before, name));
  return {
    issued: issued(`${prefix}.issued`),
    amount: money(`${prefix}.amount`, now, before),
    byEngagement: ENGAGEMENTS.map((engagementType) => ({
      engagementType,
      issued: issued(`${prefix}.engagement.${engagementType}.issued`),
      amount: money(`${prefix}.engagement.${engagementType}.amount`, now, before),
    })),
  };
}

/** Members by id, then the deals without an owner. */
const byOwnerId = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function buildReport(inputs: ReportInputs): Report {
  const { start, end, previousStart } = periodOf(inputs.period, inputs.day);
  const days = daysBetween(start, end);
  const now = sumDays(days, inputs.counters);
  const before = sumDays(daysBetween(previousStart, start), inputs.counters);
  const both = <T>(compute: (counters: Counters) => T) => [compute(now), compute(before)] as const;
  const flow = (name: string) => figure(count(now, name), count(before, name));
  const derived = (compute: (counters: Counters) => number | null) => figure(...both(compute));

  const conversion = (counters: Counters, prefix: string) =>
    ratio(
      count(counters, `${prefix}won`),
      count(counters, `${prefix}won`) + count(counters, `${prefix}lost`),
    );

  const names = inputs.names ?? new Map<string, string>();
  const nameOf = (id: string | null): { ownerName?: string } => {
    const name = id === null ? undefined : names.get(id);
    return name === undefined ? {} : { ownerName: name };
  };
  const [ownersNow, ownersBefore] = [ownerCounters(now), ownerCounters(before)];
  const segments = [...new Set([...ownersNow.keys(), ...ownersBefore.keys()])];
  const byOwner: OwnerFigures[] = segments
    .map((segment) => ({ segment, ownerId: ownerOfSegment(segment) }))
    .sort((a, b) => byOwnerId(a.ownerId, b.ownerId))
    .map(({ segment, ownerId }) => {
      const [mine, mineBefore] = [ownersNow.get(segment) ?? {}, ownersBefore.get(segment) ?? {}];
      const ownFlow = (name: string) => figure(count(mine, name), count(mineBefore, name));
      return {
        ownerId,
        ...nameOf(ownerId),
        opened: ownFlow('opened'),
        won: ownFlow('won'),
        lost: ownFlow('lost'),
        conversionRate: figure(conversion(mine, ''), conversion(mineBefore, '')),
        revenue: money('wonAmount', mine, mineBefore),
      };
    });

  const scores = ['1', '2', '3', '4', '5'] as const;
  const answers = (counters: Counters) => count(counters, 'surveys.answered');
  const satisfied = (counters: Counters) =>
    ratio(count(counters, 'surveys.score.4') + count(counters, 'surveys.score.5'), answers(counters));
  const meanScore = (counters: Counters) =>
    ratio(
      scores.reduce((sum, score) => sum + Number(score) * count(counters, `surveys.score.${score}`), 0),
      answers(counters),
      1,
      2,
    );

  const createdBy = keysUnder('accounts.created.', now, before);
  const stages = LIFECYCLE_STAGES;
  return {
    id: reportId(inputs.period, start),
    period: inputs.period,
    start,
    end,
    previousStart,
    generatedAt: inputs.generatedAt.toISOString(),
    sales: {
      dealsOpened: flow('deals.opened'),
      dealsWon: flow('deals.won'),
      dealsLost: flow('deals.lost'),
      conversionRate: derived((counters) => conversion(counters, 'deals.')),
      salesVolume: flow('deals.won'),
      revenue: money('deals.wonAmount', now, before),
      byOwner,
      quotaAttainment: quotaAttainment(
        inputs.quotas ?? { current: [], previous: [] },
        ownersNow,
        ownersBefore,
        nameOf,
      ),
      byEngagement: ENGAGEMENTS.map((engagementType) => ({
        engagementType,
        won: flow(`deals.engagement.${engagementType}.won`),
        revenue: money(`deals.engagement.${engagementType}.wonAmount`, now, before),
      })),
      byAudience: DEAL_AUDIENCES.map((audience) => ({
        audience,
        won: flow(`deals.audience.${audience}.won`),
        revenue: money(`deals.audience.${audience}.wonAmount`, now, before),
      })),
      lostReasons: lostReasons(inputs.lostReasons ?? [], now, before),
      pipelineNextQuarter: { ...nextQuarter(end), byStage: inputs.pipeline },
    },
    billing: {
      invoices: billFigures('billing.invoices', now, before),
      charges: billFigures('billing.charges', now, before),
    },
    service: {
      ticketsOpened: flow('tickets.opened'),
      ticketsResolved: flow('tickets.resolved'),
      resolutionRate: derived((counters) =>
        ratio(count(counters, 'tickets.resolved'), count(counters, 'tickets.opened')),
      ),
      firstContactResolution: derived((counters) =>
        ratio(count(counters, 'tickets.resolvedFirstContact'), count(counters, 'tickets.resolved')),
      ),
      serviceInteractions: flow('service.interactions'),
      averageHandlingSeconds: derived((counters) =>
        ratio(count(counters, 'service.durationSeconds'), count(counters, 'service.timed'), 1, 1),
      ),
      csat: {
        answers: derived(answers),
        satisfiedPercent: derived(satisfied),
        meanScore: derived(meanScore),
        byScore: Object.fromEntries(scores.map((score) => [score, flow(`surveys.score.${score}`)])) as Record<
          (typeof scores)[number],
          Figure
        >,
        trend: days.map((day) => {
          const counters = inputs.counters.get(day) ?? {};
          return { day, answers: answers(counters), satisfiedPercent: satisfied(counters) };
        }),
      },
    },
    workload: inputs.workload.map(({ assigneeName: _stale, ...entry }) => {
      const name = names.get(entry.assigneeId);
      return name === undefined ? entry : { ...entry, assigneeName: name };
    }),
    accounts: {
      created: flow('accounts.created'),
      createdBy: Object.fromEntries(
        createdBy.filter((key) => key.includes('.')).map((key) => [key, flow(`accounts.created.${key}`)]),
      ),
      counts: inputs.accountCounts,
      funnel: stages.map((stage) => ({
        stage,
        accounts: inputs.lifecycle.find((entry) => entry.stage === stage)?.accounts ?? 0,
        entered: flow(`lifecycle.entered.${stage}`),
      })),
    },
    statesBefore: inputs.previous === undefined ? null : statesOf(inputs.previous),
  };
}
