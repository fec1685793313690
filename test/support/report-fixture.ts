// Reports to render in tests: a realistic month (two currencies, a CSAT trend with quiet days, a team with
// uneven workload), the same month with nothing in it, and hostile texts for owner ids, stages and currencies.
import type {
  Amount,
  Attainment,
  Figure,
  OwnerFigures,
  Report,
  StageFigures,
} from '../../functions/reporting/report.ts';

export const figure = (value: number | null, previous: number | null): Figure => ({
  value,
  previous,
  change: value === null || previous === null ? null : value - previous,
});

const percent = (part: number, whole: number) => (whole === 0 ? null : (part / whole) * 100);

export function owner(
  ownerId: string,
  now: { opened: number; won: number; lost: number; revenue?: Record<string, [number, number]> },
  before: { opened: number; won: number; lost: number },
  ownerName?: string,
): OwnerFigures {
  return {
    ownerId,
    ...(ownerName === undefined ? {} : { ownerName }),
    opened: figure(now.opened, before.opened),
    won: figure(now.won, before.won),
    lost: figure(now.lost, before.lost),
    conversionRate: figure(
      percent(now.won, now.won + now.lost),
      percent(before.won, before.won + before.lost),
    ),
    revenue: Object.fromEntries(
      Object.entries(now.revenue ?? {}).map(([currency, [value, previous]]) => [
        currency,
        figure(value, previous),
      ]),
    ),
  };
}

/** An owner's (null: the team's) quota row: target and won now and before, attainment from them. */
export function attainment(
  ownerId: string | null,
  currency: string,
  [target, previousTarget]: [number | null, number | null],
  [won, wonBefore]: [number, number],
  ownerName?: string,
): Attainment {
  const rate = (part: number, whole: number | null) =>
    whole === null ? null : Math.round((part / whole) * 1000) / 10;
  return {
    ownerId,
    ...(ownerName === undefined ? {} : { ownerName }),
    currency,
    target,
    previousTarget,
    won: figure(won, wonBefore),
    attainment: figure(rate(won, target), rate(wonBefore, previousTarget)),
  };
}

export const stage = (name: string, deals: number, amount: Record<string, Amount>): StageFigures => ({
  stage: name,
  deals,
  amount,
});

/** November 2026: 30 days, answers on most weekdays, none at weekends. */
function trend(): Report['service']['csat']['trend'] {
  return Array.from({ length: 30 }, (_, index) => {
    const day = `2026-11-${String(index + 1).padStart(2, '0')}`;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const answers = weekday === 0 || weekday === 6 ? 0 : 2 + ((index * 7) % 9);
    const satisfied = Math.min(answers, Math.round(answers * (0.55 + ((index * 13) % 40) / 100)));
    return { day, answers, satisfiedPercent: answers === 0 ? null : (satisfied / answers) * 100 };
  });
}

export interface ReportParts {
  readonly owners?: readonly OwnerFigures[];
  readonly stages?: readonly StageFigures[];
  readonly workload?: Report['workload'];
  readonly revenue?: Record<string, [number, number]>;
  readonly quotas?: Report['sales']['quotaAttainment'];
  readonly lostReasons?: Report['sales']['lostReasons'];
}

export function reportFixture(parts: ReportParts = {}): Report {
  const days = trend();
  const answers = days.reduce((sum, day) => sum + day.answers, 0);
  const revenue: Record<string, [number, number]> = parts.revenue ?? {
    EUR: [18_450_000, 16_210_050],
    USD: [4_200_000, 5_120_000],
  };
  return {
    id: 'month-2026-11-01',
    period: 'month',
    start: '2026-11-01',
    end: '2026-12-01',
    previousStart: '2026-10-01',
    generatedAt: '2026-12-01T06:00:12.345Z',
    sales: {
      dealsOpened: figure(46, 39),
      dealsWon: figure(17, 19),
      dealsLost: figure(9, 12),
      conversionRate: figure(percent(17, 26), percent(19, 31)),
      salesVolume: figure(17, 19),
      revenue: Object.fromEntries(
        Object.entries(revenue).map(([currency, [value, previous]]) => [currency, figure(value, previous)]),
      ),
      byOwner: parts.owners ?? [
        owner(
          '01JC8Z4M7ASH0RTF0RD',
          { opened: 14, won: 6, lost: 2, revenue: { EUR: [7_200_000, 6_100_000] } },
          { opened: 11, won: 5, lost: 4 },
          'Asha Ford',
        ),
        owner(
          '01JC8Z4M7BRIGHTWELL',
          {
            opened: 12,
            won: 5,
            lost: 3,
            revenue: { EUR: [6_050_000, 7_010_050], USD: [4_200_000, 5_120_000] },
          },
          { opened: 10, won: 7, lost: 3 },
          'Sam Brightwell',
        ),
        owner(
          '01JC8Z4M7CHAUDHARY0',
          { opened: 11, won: 4, lost: 4, revenue: { EUR: [5_200_000, 3_100_000] } },
          { opened: 9, won: 4, lost: 5 },
        ),
        owner('01JC8Z4M7DELACROIX0', { opened: 9, won: 2, lost: 0 }, { opened: 9, won: 3, lost: 0 }),
        owner('01JC8Z4M7NEWSTARTER', { opened: 0, won: 0, lost: 0 }, { opened: 0, won: 0, lost: 0 }),
      ],
      quotaAttainment: parts.quotas ?? {
        byOwner: [
          attainment(
            '01JC8Z4M7ASH0RTF0RD',
            'EUR',
            [6_000_000, 6_000_000],
            [7_200_000, 6_100_000],
            'Asha Ford',
          ),
          attainment(
            '01JC8Z4M7BRIGHTWELL',
            'EUR',
            [8_000_000, 7_500_000],
            [6_050_000, 7_010_050],
            'Sam Brightwell',
          ),
          attainment(
            '01JC8Z4M7BRIGHTWELL',
            'USD',
            [5_000_000, null],
            [4_200_000, 5_120_000],
            'Sam Brightwell',
          ),
          attainment('01JC8Z4M7CHAUDHARY0', 'EUR', [null, 4_000_000], [5_200_000, 3_100_000]),
        ],
        team: [
          attainment(null, 'EUR', [14_000_000, 17_500_000], [13_250_000, 16_210_050]),
          attainment(null, 'USD', [5_000_000, null], [4_200_000, 0]),
        ],
      },
      byEngagement: [
        {
          engagementType: 'standard',
          won: figure(12, 15),
          revenue: { EUR: figure(9_450_000, 10_210_050), USD: figure(4_200_000, 5_120_000) },
        },
        { engagementType: 'tailored', won: figure(5, 4), revenue: { EUR: figure(9_000_000, 6_000_000) } },
      ],
      byAudience: [
        {
          audience: 'external',
          won: figure(16, 18),
          revenue: { EUR: figure(17_950_000, 16_210_050), USD: figure(4_200_000, 5_120_000) },
        },
        { audience: 'internal', won: figure(1, 1), revenue: { EUR: figure(500_000, 0) } },
      ],
      lostReasons: parts.lostReasons ?? [
        { reason: 'price', label: 'Price', deals: figure(4, 5) },
        { reason: 'timing', label: 'Timing', deals: figure(2, 1) },
        { reason: 'no_fit', label: 'No fit', deals: figure(0, 2) },
        { reason: 'competitor', label: 'Went with a competitor', deals: figure(2, 3) },
        {
          reason: 'declined_by_us',
          label: 'Declined by us (a poor fit, or we left early)',
          deals: figure(1, 0),
        },
        { reason: null, label: 'No reason given', deals: figure(0, 1) },
      ],
      pipelineNextQuarter: {
        quarter: '2027-Q1',
        from: '2027-01-01',
        to: '2027-03-31',
        byStage: parts.stages ?? [
          stage('prospecting', 21, { EUR: 12_500_000, USD: 3_000_000 }),
          stage('qualification', 14, { EUR: 9_800_000, USD: 1_250_000 }),
          stage('presentation', 9, { EUR: 7_100_000 }),
          stage('proposal', 6, { EUR: 5_400_000, USD: 2_400_000 }),
          stage('negotiation', 3, { EUR: 3_900_000 }),
        ],
      },
    },
    billing: {
      invoices: {
        issued: figure(31, 28),
        amount: { EUR: figure(14_620_000, 12_900_000), USD: figure(4_200_000, 5_120_000) },
        byEngagement: [
          {
            engagementType: 'standard',
            issued: figure(19, 17),
            amount: { EUR: figure(5_620_000, 4_900_000), USD: figure(4_200_000, 5_120_000) },
          },
          {
            engagementType: 'tailored',
            issued: figure(12, 11),
            amount: { EUR: figure(9_000_000, 8_000_000) },
          },
        ],
      },
      charges: {
        issued: figure(3, 2),
        amount: { EUR: figure(1_250_000, 750_000) },
        byEngagement: [
          { engagementType: 'standard', issued: figure(1, 0), amount: { EUR: figure(250_000, 0) } },
          { engagementType: 'tailored', issued: figure(2, 2), amount: { EUR: figure(1_000_000, 750_000) } },
        ],
      },
    },
    service: {
      ticketsOpened: figure(128, 141),
      ticketsResolved: figure(119, 127),
      resolutionRate: figure(percent(119, 128), percent(127, 141)),
      firstContactResolution: figure(percent(71, 119), percent(70, 127)),
      serviceInteractions: figure(402, 455),
      averageHandlingSeconds: figure(412.345, 398.5),
      csat: {
        answers: figure(answers, 118),
        satisfiedPercent: figure(
          percent(
            days.reduce((sum, day) => sum + ((day.satisfiedPercent ?? 0) * day.answers) / 100, 0),
            answers,
          ),
          74.6,
        ),
        meanScore: figure(4.0625, 3.912),
        byScore: {
          '1': figure(4, 6),
          '2': figure(7, 9),
          '3': figure(18, 15),
          '4': figure(48, 50),
          '5': figure(answers - 77, 38),
        },
        trend: days,
      },
    },
    workload: parts.workload ?? [
      { assigneeId: '01JC8Z4M7ASH0RTF0RD', assigneeName: 'Asha Ford', openTasks: 12, openTickets: 3 },
      { assigneeId: '01JC8Z4M7BRIGHTWELL', assigneeName: 'Sam Brightwell', openTasks: 7, openTickets: 9 },
      { assigneeId: '01JC8Z4M7SUPPORT001', openTasks: 2, openTickets: 21 },
      { assigneeId: '01JC8Z4M7SUPPORT002', openTasks: 0, openTickets: 14 },
      { assigneeId: '01JC8Z4M7CHAUDHARY0', openTasks: 9, openTickets: 0 },
    ],
    accounts: {
      created: figure(23, 18),
      createdBy: {
        'customer.external': figure(17, 12),
        'client.external': figure(4, 5),
        'customer.internal': figure(2, 1),
      },
      counts: [
        { relationship: 'customer', audience: 'external', count: 1_284 },
        { relationship: 'customer', audience: 'internal', count: 37 },
        { relationship: 'client', audience: 'external', count: 212 },
        { relationship: 'client', audience: 'internal', count: 9 },
      ],
      funnel: [
        { stage: 'lead', accounts: 640, entered: figure(19, 15) },
        { stage: 'prospect', accounts: 318, entered: figure(11, 13) },
        { stage: 'opportunity', accounts: 142, entered: figure(8, 6) },
        { stage: 'active', accounts: 402, entered: figure(6, 7) },
        { stage: 'churned', accounts: 40, entered: figure(1, 3) },
      ],
    },
    // As October's report recorded them when it was made.
    statesBefore: {
      generatedAt: '2026-11-01T06:00:04.000Z',
      pipeline: [stage('prospecting', 18, { EUR: 110_000_00 }), stage('proposal', 7, { EUR: 61_000_00 })],
      workload: [{ assigneeId: '01JC8Z4M7SUPPORT001', openTasks: 2, openTickets: 15 }],
      counts: [
        { relationship: 'customer', audience: 'external', count: 1_261 },
        { relationship: 'client', audience: 'external', count: 208 },
      ],
      funnel: [
        { stage: 'lead', accounts: 628 },
        { stage: 'active', accounts: 399 },
      ],
    },
  };
}

const NOTHING = figure(0, 0);
const UNKNOWN: Figure = { value: null, previous: null, change: null };

/** A period in which nothing happened, and nothing is open. */
export function emptyReport(): Report {
  const base = reportFixture({
    owners: [],
    stages: [],
    workload: [],
    revenue: {},
    quotas: { byOwner: [], team: [] },
  });
  return {
    ...base,
    sales: {
      ...base.sales,
      dealsOpened: NOTHING,
      dealsWon: NOTHING,
      dealsLost: NOTHING,
      conversionRate: UNKNOWN,
      salesVolume: NOTHING,
      byAudience: base.sales.byAudience.map((audience) => ({ ...audience, won: NOTHING, revenue: {} })),
      byEngagement: base.sales.byEngagement.map((engagement) => ({
        ...engagement,
        won: NOTHING,
        revenue: {},
      })),
      lostReasons: base.sales.lostReasons
        .filter((reason) => reason.reason !== null)
        .map((reason) => ({ ...reason, deals: NOTHING })),
    },
    service: {
      ticketsOpened: NOTHING,
      ticketsResolved: NOTHING,
      resolutionRate: UNKNOWN,
      firstContactResolution: UNKNOWN,
      serviceInteractions: NOTHING,
      averageHandlingSeconds: UNKNOWN,
      csat: {
        answers: NOTHING,
        satisfiedPercent: UNKNOWN,
        meanScore: UNKNOWN,
        byScore: { '1': NOTHING, '2': NOTHING, '3': NOTHING, '4': NOTHING, '5': NOTHING },
        trend: base.service.csat.trend.map((day) => ({ day: day.day, answers: 0, satisfiedPercent: null })),
      },
    },
    accounts: { created: NOTHING, createdBy: {}, counts: [], funnel: [] },
    statesBefore: null,
  };
}

/** Texts a user could choose as an owner id, a stage or a currency, each trying something different. */
export const HOSTILE = [
  '=HYPERLINK("http://x")',
  '+1',
  '-2+3',
  '@SUM(A1)',
  '\tx',
  '<script>alert(1)</script>',
  '"quoted", comma',
  'line one\nline two',
  '\r=1+1',
] as const;

/** The realistic report with hostile owners, assignees, stages and a hostile currency on top. */
export function hostileReport(): Report {
  const base = reportFixture();
  return reportFixture({
    owners: [
      ...base.sales.byOwner,
      ...HOSTILE.map((id, index) =>
        owner(
          id,
          { opened: index + 1, won: index % 3, lost: 1, revenue: { [id]: [1000 * index, 500] } },
          {
            opened: 2,
            won: 1,
            lost: 2,
          },
        ),
      ),
    ],
    stages: [
      ...base.sales.pipelineNextQuarter.byStage,
      ...HOSTILE.map((name, index) => stage(name, index, { EUR: 10_000 * (index + 1), [name]: 5 })),
    ],
    workload: [
      ...base.workload,
      ...HOSTILE.map((assigneeId, index) => ({ assigneeId, openTasks: index, openTickets: 9 - index })),
    ],
  });
}
