// Reports: the figures sales and service are judged by, for a day, a week (Monday–Sunday) or a month (UTC),
// each next to the previous equal period. Flows (won, resolved, answered…) are summed from the daily
// aggregates; states (pipeline, workload, account counts) are read from indexes when the report is made.
// Definitions follow the design: see README "Reports".

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** A figure, the same figure for the previous equal period, and the change (value − previous). */
export interface Figure {
  readonly value: number | null;
  readonly previous: number | null;
  readonly change: number | null;
}

/**
 * An amount in minor units, exact: a number while JSON and JavaScript hold it exactly (within ±(2^53 − 1)),
 * beyond that its decimal digits as a string (`"18014398509481982"`). The daily counters are summed exactly
 * (DynamoDB keeps 38 digits; they are read back as BigInt when past 2^53), so a large total is never rounded
 * and never left out — and a report with one can still be stored, which a number past 2^53 could not.
 */
export type Amount = number | string;

/** A money figure: like a Figure, its amounts exact (see Amount). */
export interface MoneyFigure {
  readonly value: Amount | null;
  readonly previous: Amount | null;
  readonly change: Amount | null;
}

/** Amounts per currency (minor units), each a figure. */
export type Money = Readonly<Record<string, MoneyFigure>>;

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** An exact whole amount as a report states it (see Amount). */
export const amountOf = (amount: bigint): Amount =>
  amount <= MAX_EXACT && amount >= -MAX_EXACT ? Number(amount) : amount.toString();

/** An amount as an exact whole number (a stored fraction, which no writer makes, is rounded). */
export const exactAmount = (amount: Amount | bigint): bigint =>
  typeof amount === 'bigint'
    ? amount
    : typeof amount === 'string'
      ? BigInt(amount)
      : BigInt(Number.isInteger(amount) ? amount : Math.round(amount));

export interface OwnerFigures {
  /** The deals' owner; null for deals without one (no member id is null). */
  readonly ownerId: string | null;
  /** The owner's name when the report was made (absent: no owner, or no longer a member). */
  readonly ownerName?: string;
  readonly opened: Figure;
  readonly won: Figure;
  readonly lost: Figure;
  /** Percent of closed deals won. */
  readonly conversionRate: Figure;
  readonly revenue: Money;
}

/** An owner's (or the team's) quota in one currency for the period, and what they won against it. */
export interface Attainment {
  /** The owner; null in the team's rows. */
  readonly ownerId: string | null;
  readonly ownerName?: string;
  readonly currency: string;
  /** The quota for the period, and for the previous one (null: none was set). */
  readonly target: Amount | null;
  readonly previousTarget: Amount | null;
  /** Revenue won in the currency (exact, see Amount), this period and the previous one. */
  readonly won: MoneyFigure;
  /** Won ÷ target, percent; null without a quota. */
  readonly attainment: Figure;
}

/** Deals lost in the period for one reason. */
export interface LostReasonFigures {
  /** The reason's code; null for deals lost before reasons were asked for. */
  readonly reason: string | null;
  /** Its label on the list when the report was made (the code itself when it is no longer on it). */
  readonly label: string;
  readonly deals: Figure;
}

export interface StageFigures {
  readonly stage: string;
  readonly deals: number;
  /** Amount per currency, minor units (exact, see Amount). */
  readonly amount: Readonly<Record<string, Amount>>;
}

export interface Report {
  /** `<period>-<start>`, e.g. `month-2026-11-01`. */
  readonly id: string;
  readonly period: Period;
  /** First day (YYYY-MM-DD), inclusive. */
  readonly start: string;
  /** Day after the last (YYYY-MM-DD), exclusive. */
  readonly end: string;
  readonly previousStart: string;
  readonly generatedAt: string;
  readonly sales: {
    readonly dealsOpened: Figure;
    readonly dealsWon: Figure;
    readonly dealsLost: Figure;
    /** Deals won ÷ (won + lost) closed in the period, percent; null when none closed. */
    readonly conversionRate: Figure;
    /** Number of deals won. */
    readonly salesVolume: Figure;
    /** Sum of the amounts of deals won, per currency, minor units. */
    readonly revenue: Money;
    readonly byOwner: readonly OwnerFigures[];
    /**
     * Revenue won against quotas set for this period (and the previous): per owner and currency, and for the
     * team — the owners with a quota in a currency, their revenue in it over the sum of their quotas.
     */
    readonly quotaAttainment: {
      readonly byOwner: readonly Attainment[];
      readonly team: readonly Attainment[];
    };
    /** Deals won and revenue by what was sold: standard products, or tailored work. */
    readonly byEngagement: readonly {
      readonly engagementType: 'standard' | 'tailored';
      readonly won: Figure;
      readonly revenue: Money;
    }[];
    /** Deals won and revenue by the buyer: external accounts, or internal ones (other departments). */
    readonly byAudience: readonly {
      readonly audience: 'external' | 'internal';
      readonly won: Figure;
      readonly revenue: Money;
    }[];
    /** Deals lost in the period by reason: every reason on the list, then any other code found. */
    readonly lostReasons: readonly LostReasonFigures[];
    /** Open deals expected to close in the calendar quarter after the period, by stage. */
    readonly pipelineNextQuarter: {
      readonly quarter: string;
      readonly from: string;
      readonly to: string;
      readonly byStage: readonly StageFigures[];
    };
  };
  /**
   * What was billed in the period, by the day each bill was issued: payable invoices to external accounts,
   * and internal charges to internal ones (other departments) — kept apart, never summed — each by what it
   * billed, standard products or tailored work (a retainer is tailored work).
   */
  readonly billing: {
    readonly invoices: BillFigures;
    readonly charges: BillFigures;
  };
  readonly service: {
    readonly ticketsOpened: Figure;
    readonly ticketsResolved: Figure;
    /** Resolved ÷ opened in the period, percent. */
    readonly resolutionRate: Figure;
    /** Resolutions with ≤ 1 outbound service interaction on the ticket ÷ resolutions, percent. */
    readonly firstContactResolution: Figure;
    readonly serviceInteractions: Figure;
    /** Mean durationSeconds of the period's service interactions that have one. */
    readonly averageHandlingSeconds: Figure;
    readonly csat: {
      readonly answers: Figure;
      /** Answers scoring 4 or 5 ÷ answers, percent. */
      readonly satisfiedPercent: Figure;
      readonly meanScore: Figure;
      readonly byScore: Readonly<Record<'1' | '2' | '3' | '4' | '5', Figure>>;
      /** Per day of the period: answers and the satisfied share (null without answers). */
      readonly trend: readonly {
        readonly day: string;
        readonly answers: number;
        readonly satisfiedPercent: number | null;
      }[];
    };
  };
  /** Open tasks and open tickets (new, open, pending) per assignee, when the report was made. */
  readonly workload: readonly {
    readonly assigneeId: string;
    /** The assignee's name when the report was made (absent: no longer a member). */
    readonly assigneeName?: string;
    readonly openTasks: number;
    readonly openTickets: number;
  }[];
  readonly accounts: {
    readonly created: Figure;
    /** New accounts by `<relationship>.<audience>`. */
    readonly createdBy: Readonly<Record<string, Figure>>;
    /** All accounts now, by relationship × audience. */
    readonly counts: readonly {
      readonly relationship: string;
      readonly audience: string;
      readonly count: number;
    }[];
    /** Accounts now per lifecycle stage, and how many entered each stage in the period. */
    readonly funnel: readonly {
      readonly stage: string;
      readonly accounts: number;
      readonly entered: Figure;
    }[];
  };
  /**
   * The states (pipeline, workload, account counts, accounts per stage) as the previous period's report
   * recorded them when it was made — the previous value of each state figure; null when there is none.
   */
  readonly statesBefore: ReportStates | null;
}

/** Bills of one kind issued in the period: how many, their totals per currency, and by engagement type. */
export interface BillFigures {
  readonly issued: Figure;
  readonly amount: Money;
  readonly byEngagement: readonly {
    readonly engagementType: 'standard' | 'tailored';
    readonly issued: Figure;
    readonly amount: Money;
  }[];
}

/** What a report reads from indexes: how things stand when it is made. */
export interface ReportStates {
  readonly generatedAt: string;
  readonly pipeline: readonly StageFigures[];
  readonly workload: Report['workload'];
  readonly counts: Report['accounts']['counts'];
  readonly funnel: readonly { readonly stage: string; readonly accounts: number }[];
}

/** A report's own states, as the next period's report will compare with. */
export const statesOf = (report: Report): ReportStates => ({
  generatedAt: report.generatedAt,
  pipeline: report.sales.pipelineNextQuarter.byStage,
  workload: report.workload,
  counts: report.accounts.counts,
  funnel: report.accounts.funnel.map(({ stage, accounts }) => ({ stage, accounts })),
});

/** A report as stored: its summary, the files made of it, and the figures. */
export interface StoredReport {
  readonly id: string;
  readonly period: Period;
  readonly start: string;
  readonly end: string;
  readonly generatedAt: string;
  readonly files: Readonly<Record<'csv' | 'html', string>>;
  readonly report: Report;
  readonly version: number;
}
