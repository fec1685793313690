// The daily aggregates' pure part: which counters each detail-type moves on which UTC day, and the per-ticket
// first-contact bookkeeping, whose totals must not depend on the order a ticket's events arrive in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/reporting/report-build.ts';
import {
  type DayIncrements,
  dayOf,
  EMPTY_TICKET_STATS,
  type Increments,
  incrementsOf,
  type StatsEvent,
  shardOf,
  type TicketStats,
  ticketIncrements,
} from '../../functions/reporting/stats.ts';

const event = (detailType: string, fields: Partial<Omit<StatsEvent, 'detailType'>> = {}): StatsEvent => ({
  detailType,
  eventId: 'f2b1c3d4-0000-4000-8000-000000000001',
  occurredAt: '2041-02-10T09:30:00.000Z',
  ...fields,
});

/** A map's contents as a plain object, so assertions show the whole picture. */
const plain = (increments: DayIncrements) => Object.fromEntries(increments);

describe('shardOf', () => {
  it('sends an event id to the same shard every time, and spreads ids evenly over the shards', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 64 }), (id, shards) => {
        const shard = shardOf(id, shards);
        expect(Number.isInteger(shard) && shard >= 0 && shard < shards).toBe(true);
        expect(shardOf(id, shards)).toBe(shard);
      }),
    );
    // 16,000 event ids (as the events module makes them: uuid-shaped) over 16 shards: each near 1,000.
    const counts = new Array<number>(16).fill(0);
    for (let index = 0; index < 16_000; index++) {
      const hex = index.toString(16).padStart(12, '0');
      const shard = shardOf(`5f0e1d2c-3b4a-4000-8000-${hex}`, 16);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1_150);
  });
});

describe('incrementsOf', () => {
  it.each([
    ['client', 'internal', 'active'],
    ['client', 'external', 'lead'],
    ['customer', 'internal', 'prospect'],
    ['customer', 'external', 'opportunity'],
  ])(
    'counts an AccountCreated by relationship %s × audience %s, entering its stage %s',
    (relationship, audience, lifecycleStage) => {
      const increments = incrementsOf(
        event('AccountCreated', { data: { id: 'A1', name: 'Acme', relationship, audience, lifecycleStage } }),
      );
      expect(plain(increments)).toEqual({
        '2041-02-10': {
          'accounts.created': 1,
          [`accounts.created.${relationship}.${audience}`]: 1,
          [`lifecycle.entered.${lifecycleStage}`]: 1,
        },
      });
    },
  );

  it('counts an AccountUpdated only when its lifecycle stage changed', () => {
    const moved = incrementsOf(
      event('AccountUpdated', {
        data: { id: 'A1', lifecycleStage: 'active', tags: ['vip'] },
        previous: { id: 'A1', lifecycleStage: 'opportunity', tags: [] },
      }),
    );
    expect(plain(moved)).toEqual({
      '2041-02-10': { 'lifecycle.moved.opportunity.active': 1, 'lifecycle.entered.active': 1 },
    });
    const renamed = event('AccountUpdated', {
      data: { id: 'A1', name: 'Acme GmbH', lifecycleStage: 'active' },
      previous: { id: 'A1', name: 'Acme', lifecycleStage: 'active' },
    });
    expect(incrementsOf(renamed).size).toBe(0);
    expect(incrementsOf(event('AccountUpdated', { data: { lifecycleStage: 'active' } })).size).toBe(0);
  });

  it('counts a DealCreated for its owner, or for no owner without one', () => {
    expect(plain(incrementsOf(event('DealCreated', { data: { id: 'D1', ownerId: 'u-ann' } })))).toEqual({
      '2041-02-10': { 'deals.opened': 1, 'owners.u-ann.opened': 1 },
    });
    expect(plain(incrementsOf(event('DealCreated', { data: { id: 'D1' } })))).toEqual({
      '2041-02-10': { 'deals.opened': 1, 'owners.%none.opened': 1 },
    });
  });

  it('counts a won deal with its amount per currency and per owner, a lost one, and no other stage', () => {
    const stage = (from: string, to: string, data: Record<string, unknown>) =>
      incrementsOf(event('DealStageChanged', { data, change: { field: 'stage', from, to } }));
    expect(
      plain(
        stage('negotiation', 'won', {
          id: 'D1',
          amount: 125_000,
          currency: 'USD',
          ownerId: 'u-ann',
          engagementType: 'tailored',
        }),
      ),
    ).toEqual({
      '2041-02-10': {
        'deals.won': 1,
        'deals.wonAmount.USD': 125_000,
        'owners.u-ann.won': 1,
        'owners.u-ann.wonAmount.USD': 125_000,
        'deals.engagement.tailored.won': 1,
        'deals.engagement.tailored.wonAmount.USD': 125_000,
        'deals.audience.external.won': 1,
        'deals.audience.external.wonAmount.USD': 125_000,
      },
    });
    // A deal from before engagement types is a standard sale.
    expect(
      plain(stage('proposal', 'won', { id: 'D2', amount: 9_900, currency: 'EUR', audience: 'internal' })),
    ).toEqual({
      '2041-02-10': {
        'deals.won': 1,
        'deals.wonAmount.EUR': 9_900,
        'owners.%none.won': 1,
        'owners.%none.wonAmount.EUR': 9_900,
        'deals.engagement.standard.won': 1,
        'deals.engagement.standard.wonAmount.EUR': 9_900,
        'deals.audience.internal.won': 1,
        'deals.audience.internal.wonAmount.EUR': 9_900,
      },
    });
    expect(
      plain(stage('qualification', 'lost', { id: 'D3', amount: 500, currency: 'EUR', ownerId: 'u-bo' })),
    ).toEqual({ '2041-02-10': { 'deals.lost': 1, 'owners.u-bo.lost': 1, 'deals.lostReason.%none': 1 } });
    // A lost deal counts its reason; a code that is not one (no dots, no upper case) counts as none given.
    expect(
      plain(stage('proposal', 'lost', { id: 'D5', amount: 5, currency: 'EUR', lostReason: 'no_fit' })),
    ).toEqual({
      '2041-02-10': { 'deals.lost': 1, 'owners.%none.lost': 1, 'deals.lostReason.no_fit': 1 },
    });
    expect(
      plain(stage('proposal', 'lost', { id: 'D6', amount: 5, currency: 'EUR', lostReason: 'a.b' })),
    ).toEqual({
      '2041-02-10': { 'deals.lost': 1, 'owners.%none.lost': 1, 'deals.lostReason.%none': 1 },
    });
    for (const to of ['qualification', 'presentation', 'proposal', 'negotiation'])
      expect(stage('prospecting', to, { id: 'D4', amount: 1, currency: 'EUR' }).size).toBe(0);
  });

  it('counts a TicketOpened', () => {
    expect(plain(incrementsOf(event('TicketOpened', { data: { id: 'T1', status: 'new' } })))).toEqual({
      '2041-02-10': { 'tickets.opened': 1 },
    });
  });

  it('counts service interactions only, on the day they occurred, with their duration when there is one', () => {
    const logged = (data: Record<string, unknown>) =>
      incrementsOf(event('InteractionLogged', { occurredAt: '2041-02-12T08:00:00.000Z', data }));
    expect(
      plain(
        logged({
          category: 'service',
          direction: 'inbound',
          occurredAt: '2041-02-10T16:00:00.000Z',
          durationSeconds: 420,
        }),
      ),
    ).toEqual({
      '2041-02-10': { 'service.interactions': 1, 'service.timed': 1, 'service.durationSeconds': 420 },
    });
    expect(
      plain(logged({ category: 'service', direction: 'outbound', occurredAt: '2041-02-11T16:00:00.000Z' })),
    ).toEqual({ '2041-02-11': { 'service.interactions': 1 } });
    // A zero duration is a duration (a missed call), not a missing one.
    expect(
      plain(logged({ category: 'service', occurredAt: '2041-02-11T16:00:00.000Z', durationSeconds: 0 })),
    ).toEqual({
      '2041-02-11': { 'service.interactions': 1, 'service.timed': 1, 'service.durationSeconds': 0 },
    });
    expect(
      logged({ category: 'sales', occurredAt: '2041-02-11T16:00:00.000Z', durationSeconds: 60 }).size,
    ).toBe(0);
  });

  it('counts a SurveyAnswered once: not when the survey was already answered', () => {
    expect(
      plain(
        incrementsOf(
          event('SurveyAnswered', {
            data: { id: 'S1', status: 'answered', score: 4 },
            previous: { id: 'S1', status: 'sent' },
          }),
        ),
      ),
    ).toEqual({ '2041-02-10': { 'surveys.answered': 1, 'surveys.score.4': 1 } });
    const again = event('SurveyAnswered', {
      data: { id: 'S1', status: 'answered', score: 4, comment: 'late edit' },
      previous: { id: 'S1', status: 'answered', score: 4 },
    });
    expect(incrementsOf(again).size).toBe(0);
  });

  it.each([
    'TicketStatusChanged',
    'TicketUpdated',
    'ContactCreated',
    'DealUpdated',
    'DealDeleted',
    'InteractionUpdated',
    'SurveySent',
    'TaskCreated',
    'ReportGenerated',
  ])('counts nothing for %s (ticket resolutions go through ticketIncrements)', (detailType) => {
    const changed = event(detailType, {
      data: { id: 'X1', status: 'resolved', score: 5, category: 'service', lifecycleStage: 'active' },
      previous: { id: 'X1', status: 'open', lifecycleStage: 'lead' },
      change: { field: 'status', from: 'open', to: 'resolved' },
    });
    expect(incrementsOf(changed).size).toBe(0);
  });

  it.each([
    ['2041-02-10T23:59:59.999Z', '2041-02-10'],
    ['2041-02-11T00:00:00Z', '2041-02-11'],
    ['2041-02-11T00:00:00.000Z', '2041-02-11'],
    // Offsets are read as the UTC instant they name.
    ['2041-02-11T01:30:00+02:00', '2041-02-10'],
    ['2041-02-10T20:00:00-05:00', '2041-02-11'],
    ['2041-12-31T23:59:59.999Z', '2041-12-31'],
    ['2042-01-01T00:00:00Z', '2042-01-01'],
  ])('puts %s on the UTC day %s', (at, day) => {
    expect(dayOf(at)).toBe(day);
    expect([...incrementsOf(event('TicketOpened', { occurredAt: at })).keys()]).toEqual([day]);
    const service = event('InteractionLogged', {
      occurredAt: '2041-06-01T12:00:00Z',
      data: { category: 'service', occurredAt: at },
    });
    expect([...incrementsOf(service).keys()]).toEqual([day]);
  });
});

type Happening = { readonly outboundAt: string } | { readonly resolvedAt: string };

function applyAll(happenings: readonly Happening[]) {
  let stats: TicketStats = EMPTY_TICKET_STATS;
  const totals = new Map<string, Increments>();
  let lowest = 0;
  for (const happened of happenings) {
    const step = ticketIncrements(stats, happened);
    stats = step.stats;
    for (const [day, counters] of step.increments) {
      const into = totals.get(day) ?? {};
      for (const [name, by] of Object.entries(counters)) {
        into[name] = (into[name] ?? 0) + by;
        lowest = Math.min(lowest, into[name]);
      }
      totals.set(day, into);
    }
  }
  return { stats, totals: withoutZeros(totals), lowest };
}

/** A counter that went up and back down reads as no counter at all. */
function withoutZeros(days: ReadonlyMap<string, Increments>): Record<string, Increments> {
  const out: Record<string, Increments> = {};
  for (const [day, counters] of days) {
    const kept = Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
    if (Object.keys(kept).length > 0) out[day] = kept;
  }
  return out;
}

describe('ticketIncrements', () => {
  it('credits a resolution preceded by one outbound reply, not one preceded by two', () => {
    const { totals } = applyAll([
      { outboundAt: '2041-02-10T09:00:00.000Z' },
      { resolvedAt: '2041-02-10T10:00:00.000Z' },
      { outboundAt: '2041-02-11T09:00:00.000Z' },
      { resolvedAt: '2041-02-11T10:00:00.000Z' },
    ]);
    expect(totals).toEqual({
      '2041-02-10': { 'tickets.resolved': 1, 'tickets.resolvedFirstContact': 1 },
      '2041-02-11': { 'tickets.resolved': 1 },
    });
  });

  it('takes the credit back on the resolution day when earlier replies arrive after it', () => {
    let stats: TicketStats = EMPTY_TICKET_STATS;
    const first = ticketIncrements(stats, { resolvedAt: '2041-02-10T23:59:59.999Z' });
    stats = first.stats;
    expect(plain(first.increments)).toEqual({
      '2041-02-10': { 'tickets.resolved': 1, 'tickets.resolvedFirstContact': 1 },
    });
    const reply1 = ticketIncrements(stats, { outboundAt: '2041-02-09T10:00:00.000Z' });
    stats = reply1.stats;
    expect(reply1.increments.size).toBe(0);
    // The second reply is logged on another day; the credit goes back on the resolution's.
    const reply2 = ticketIncrements(stats, { outboundAt: '2041-02-10T23:59:59.999Z' });
    expect(plain(reply2.increments)).toEqual({ '2041-02-10': { 'tickets.resolvedFirstContact': -1 } });
    // A reply after the resolution changes nothing.
    expect(ticketIncrements(reply2.stats, { outboundAt: '2041-02-11T00:00:00.000Z' }).increments.size).toBe(
      0,
    );
  });

  it('counts a resolution at the same instant once', () => {
    const { totals } = applyAll([
      { resolvedAt: '2041-02-10T10:00:00.000Z' },
      { resolvedAt: '2041-02-10T10:00:00.000Z' },
    ]);
    expect(totals).toEqual({ '2041-02-10': { 'tickets.resolved': 1, 'tickets.resolvedFirstContact': 1 } });
  });

  it('sums to the same totals in any order of a ticket’s replies and resolutions', () => {
    const base = Date.parse('2041-02-10T00:00:00.000Z');
    // Whole hours over three days, sometimes a millisecond before: ties with a resolution and day edges are common.
    const instant = fc
      .tuple(fc.integer({ min: 0, max: 71 }), fc.boolean())
      .map(([hour, early]) => new Date(base + hour * 3_600_000 - (early ? 1 : 0)).toISOString());
    const scenario = fc
      .record({
        outbound: fc.array(instant, { maxLength: 6 }),
        resolutions: fc.uniqueArray(instant, { minLength: 1, maxLength: 4 }),
      })
      .chain(({ outbound, resolutions }) => {
        const happenings: Happening[] = [
          ...outbound.map((outboundAt) => ({ outboundAt })),
          ...resolutions.map((resolvedAt) => ({ resolvedAt })),
        ];
        return fc
          .shuffledSubarray(happenings, { minLength: happenings.length, maxLength: happenings.length })
          .map((order) => ({ outbound, resolutions, order }));
      });
    fc.assert(
      fc.property(scenario, ({ outbound, resolutions, order }) => {
        const expected = new Map<string, Increments>();
        for (const resolvedAt of resolutions) {
          const day = resolvedAt.slice(0, 10);
          const counters = expected.get(day) ?? {};
          counters['tickets.resolved'] = (counters['tickets.resolved'] ?? 0) + 1;
          let before = 0;
          for (const outboundAt of outbound) if (Date.parse(outboundAt) <= Date.parse(resolvedAt)) before++;
          if (before <= 1)
            counters['tickets.resolvedFirstContact'] = (counters['tickets.resolvedFirstContact'] ?? 0) + 1;
          expected.set(day, counters);
        }
        const { stats, totals, lowest } = applyAll(order);
        expect(totals).toEqual(withoutZeros(expected));
        // Credit is only taken back where it was given: no day's counter dips below zero on the way.
        expect(lowest).toBe(0);
        expect(stats.resolutions).toHaveLength(resolutions.length);
        expect(stats.outbound).toHaveLength(outbound.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the report of the counters: owners kept apart, amounts exact', () => {
  const day = '2041-02-10';
  const reportOf = (counters: Record<string, number | bigint>) =>
    buildReport({
      period: 'day',
      day,
      counters: new Map([[day, counters]]),
      pipeline: [],
      workload: [],
      accountCounts: [],
      lifecycle: [],
      generatedAt: new Date('2041-02-11T00:00:00Z'),
    });
  /** The counters of a day's events, summed (as the store adds them up). */
  const counted = (events: readonly StatsEvent[]) => {
    const total: Record<string, number> = {};
    for (const one of events)
      for (const counters of incrementsOf(one).values())
        for (const [name, by] of Object.entries(counters)) total[name] = (total[name] ?? 0) + by;
    return total;
  };
  const won = (ownerId: string | undefined, amount: number, currency = 'EUR') =>
    event('DealStageChanged', {
      data: { id: 'D', amount, currency, ...(ownerId === undefined ? {} : { ownerId }) },
      change: { field: 'stage', from: 'negotiation', to: 'won' },
    });

  it('names no owner counter after another: q, q.wonAmount, unassigned, %none and no owner stay apart', () => {
    const owners = ['q', 'q.wonAmount', 'unassigned', '%none', '%2E', 'a.b', 'a%2Eb'];
    const events = [
      ...owners.map((ownerId, index) => won(ownerId, 100 * (index + 1))),
      won(undefined, 7),
      event('DealCreated', { data: { id: 'D', ownerId: 'q.wonAmount' } }),
      event('DealCreated', { data: { id: 'D' } }),
    ];
    const { byOwner } = reportOf(counted(events)).sales;
    expect(byOwner.map((owner) => owner.ownerId)).toEqual([...[...owners].sort(), null]);
    owners.forEach((ownerId, index) => {
      const figures = byOwner.find((owner) => owner.ownerId === ownerId);
      expect(figures?.won.value, ownerId).toBe(1);
      expect(figures?.revenue, ownerId).toEqual({
        EUR: { value: 100 * (index + 1), previous: 0, change: 100 * (index + 1) },
      });
      expect(figures?.opened.value, ownerId).toBe(ownerId === 'q.wonAmount' ? 1 : 0);
    });
    const none = byOwner.find((owner) => owner.ownerId === null);
    expect(none).toMatchObject({ opened: { value: 1 }, won: { value: 1 }, revenue: { EUR: { value: 7 } } });
  });

  it('still reads the counters written before owner ids were escaped, "unassigned" as no owner', () => {
    const { byOwner } = reportOf({
      'owner.u-ann.opened': 2,
      'owner.u-ann.won': 1,
      'owner.u-ann.wonAmount.USD': 5_000,
      'owner.unassigned.lost': 1,
      // The same member counted on both sides of the change adds up.
      'owners.u-ann.won': 1,
    }).sales;
    expect(byOwner).toMatchObject([
      { ownerId: 'u-ann', opened: { value: 2 }, won: { value: 2 }, revenue: { USD: { value: 5_000 } } },
      { ownerId: null, lost: { value: 1 }, conversionRate: { value: 0 } },
    ]);
  });

  it('states a revenue past 2^53 − 1 exactly, as its digits, instead of dropping its currency', () => {
    const max = Number.MAX_SAFE_INTEGER;
    // What two deals won at the largest safe amount leave in the table, read back as a BigInt.
    const report = reportOf({
      'deals.won': 2,
      'deals.wonAmount.EUR': 2n * BigInt(max),
      'deals.wonAmount.USD': 1,
      'owners.u-ann.won': 2,
      'owners.u-ann.wonAmount.EUR': 2n * BigInt(max),
    });
    expect(report.sales.revenue).toEqual({
      EUR: { value: '18014398509481982', previous: 0, change: '18014398509481982' },
      USD: { value: 1, previous: 0, change: 1 },
    });
    expect(report.sales.byOwner[0]?.revenue.EUR?.value).toBe('18014398509481982');
    // Days each below 2^53 that add up past it: the sum is exact too.
    const twoDays = buildReport({
      period: 'month',
      day,
      counters: new Map([
        ['2041-02-11', { 'deals.wonAmount.EUR': max }],
        ['2041-02-12', { 'deals.wonAmount.EUR': max }],
        ['2041-02-13', { 'deals.wonAmount.EUR': 3 }],
      ]),
      pipeline: [],
      workload: [],
      accountCounts: [],
      lifecycle: [],
      generatedAt: new Date('2041-02-20T00:00:00Z'),
    });
    expect(twoDays.sales.revenue.EUR?.value).toBe('18014398509481985');
  });
});
