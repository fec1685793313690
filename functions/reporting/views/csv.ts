// A report as RFC 4180 CSV for spreadsheets: one row per figure, `section,metric,dimension,value,previous,change`.
// Money stays in minor units (the exponent depends on the currency, so the metric name says so). Owner ids,
// stages, currencies… come from users, so a text cell a spreadsheet would read as a formula gets a leading `'`.
// A dimension made of two parts (owner and currency, stage and currency…) is `a|b`, `|` and `\` escaped with `\`.
import { csvLine } from '../../platform/csv-cells.ts';
import {
  type Amount,
  amountOf,
  exactAmount,
  type Figure,
  type Money,
  type MoneyFigure,
  type Report,
} from '../report.ts';
import { peopleOf } from './format.ts';

type Cell = string;
type Row = readonly [section: Cell, metric: Cell, dimension: Cell, value: Cell, previous: Cell, change: Cell];

export const REPORT_CSV_COLUMNS = ['section', 'metric', 'dimension', 'value', 'previous', 'change'] as const;

/** How a figure is written: counts and minor units whole, percentages to 1 decimal, means to 2. */
type Kind = 'count' | 'percent' | 'mean';
const DECIMALS: Record<Kind, number> = { count: 0, percent: 1, mean: 2 };

/**
 * Plain decimal notation (never an exponent, never `-0`), or empty for null and non-finite numbers; an exact
 * amount's digits (past 2^53 − 1, see Amount) as they are.
 */
export function decimal(value: Amount | null, decimals: number): string {
  if (typeof value === 'string') return decimals === 0 ? value : `${value}.${'0'.repeat(decimals)}`;
  if (value === null || !Number.isFinite(value)) return '';
  const factor = 10 ** decimals;
  const scaled = BigInt(Math.round(Math.abs(value) * factor));
  if (scaled === 0n) return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${value < 0 ? '-' : ''}${whole}${decimals === 0 ? '' : `.${fraction}`}`;
}

/** Two or more parts of a dimension in one cell, unambiguously. */
export const joinDimension = (...parts: readonly string[]) =>
  parts.map((part) => part.replace(/[\\|]/g, '\\$&')).join('|');

const figureRow = (
  section: string,
  metric: string,
  dimension: string,
  figure: Figure | MoneyFigure,
  kind: Kind,
): Row => {
  const decimals = DECIMALS[kind];
  return [
    section,
    metric,
    dimension,
    decimal(figure.value, decimals),
    decimal(figure.previous, decimals),
    decimal(figure.change, decimals),
  ];
};

const valueRow = (
  section: string,
  metric: string,
  dimension: string,
  value: number | null,
  kind: Kind,
): Row => [section, metric, dimension, decimal(value, DECIMALS[kind]), '', ''];

const moneyRows = (section: string, metric: string, money: Money, owner?: string): Row[] =>
  Object.entries(money).map(([currency, figure]) =>
    figureRow(
      section,
      metric,
      owner === undefined ? currency : joinDimension(owner, currency),
      figure,
      'count',
    ),
  );

/** A state now and as the previous period's report recorded it (0 there when absent; null without one). */
const stateFigure = (value: number, previous: number | undefined, hadReport: boolean): Figure => {
  const before = hadReport ? (previous ?? 0) : null;
  return { value, previous: before, change: before === null ? null : value - before };
};

/** The same for an amount, exactly (see Amount); a number that is not finite is no amount to compare. */
const amountState = (value: Amount, previous: Amount | undefined, hadReport: boolean): MoneyFigure => {
  const before = hadReport ? (previous ?? 0) : null;
  const comparable = (amount: Amount) => typeof amount === 'string' || Number.isFinite(amount);
  return {
    value,
    previous: before,
    change:
      before === null || !comparable(value) || !comparable(before)
        ? null
        : amountOf(exactAmount(value) - exactAmount(before)),
  };
};

/** Every figure of the report, in report order. */
export function reportRows(report: Report): Row[] {
  const { sales, service, accounts } = report;
  const { csat } = service;
  const before = report.statesBefore;
  const had = before !== null;
  const stageBefore = (name: string) => before?.pipeline.find((entry) => entry.stage === name);
  const personBefore = (id: string) => before?.workload.find((entry) => entry.assigneeId === id);
  const nameOf = peopleOf(report);
  return [
    figureRow('sales', 'deals_opened', '', sales.dealsOpened, 'count'),
    figureRow('sales', 'deals_won', '', sales.dealsWon, 'count'),
    figureRow('sales', 'deals_lost', '', sales.dealsLost, 'count'),
    figureRow('sales', 'conversion_rate_percent', '', sales.conversionRate, 'percent'),
    figureRow('sales', 'sales_volume', '', sales.salesVolume, 'count'),
    ...moneyRows('sales', 'revenue_minor_units', sales.revenue),
    ...sales.byOwner.flatMap((owner) => {
      const name = nameOf(owner.ownerId);
      return [
        figureRow('sales_by_owner', 'deals_opened', name, owner.opened, 'count'),
        figureRow('sales_by_owner', 'deals_won', name, owner.won, 'count'),
        figureRow('sales_by_owner', 'deals_lost', name, owner.lost, 'count'),
        figureRow('sales_by_owner', 'conversion_rate_percent', name, owner.conversionRate, 'percent'),
        ...moneyRows('sales_by_owner', 'revenue_minor_units', owner.revenue, name),
      ];
    }),
    ...[
      ...sales.quotaAttainment.byOwner.map((row) => ({ name: nameOf(row.ownerId), row })),
      ...sales.quotaAttainment.team.map((row) => ({ name: '(team)', row })),
    ].flatMap(({ name, row }) => {
      const dimension = joinDimension(name, row.currency);
      const target: MoneyFigure = {
        value: row.target,
        previous: row.previousTarget,
        change:
          row.target === null || row.previousTarget === null
            ? null
            : amountOf(exactAmount(row.target) - exactAmount(row.previousTarget)),
      };
      return [
        figureRow('quota_attainment', 'quota_minor_units', dimension, target, 'count'),
        figureRow('quota_attainment', 'won_minor_units', dimension, row.won, 'count'),
        figureRow('quota_attainment', 'attainment_percent', dimension, row.attainment, 'percent'),
      ];
    }),
    ...sales.byEngagement.flatMap((engagement) => [
      figureRow('sales_by_engagement', 'deals_won', engagement.engagementType, engagement.won, 'count'),
      ...moneyRows(
        'sales_by_engagement',
        'revenue_minor_units',
        engagement.revenue,
        engagement.engagementType,
      ),
    ]),
    ...sales.byAudience.flatMap((audience) => [
      figureRow('sales_by_audience', 'deals_won', audience.audience, audience.won, 'count'),
      ...moneyRows('sales_by_audience', 'revenue_minor_units', audience.revenue, audience.audience),
    ]),
    ...sales.lostReasons.map((reason) =>
      figureRow('sales', 'deals_lost_by_reason', reason.reason ?? '(none)', reason.deals, 'count'),
    ),
    ...sales.pipelineNextQuarter.byStage.flatMap((stage) => [
      figureRow(
        'pipeline_next_quarter',
        'open_deals',
        stage.stage,
        stateFigure(stage.deals, stageBefore(stage.stage)?.deals, had),
        'count',
      ),
      ...Object.entries(stage.amount).map(([currency, amount]) =>
        figureRow(
          'pipeline_next_quarter',
          'amount_minor_units',
          joinDimension(stage.stage, currency),
          amountState(amount, stageBefore(stage.stage)?.amount[currency], had),
          'count',
        ),
      ),
    ]),
    ...(['invoices', 'charges'] as const).flatMap((kind) => {
      const bills = report.billing[kind];
      const section = `billing_${kind}`;
      return [
        figureRow(section, 'issued', '', bills.issued, 'count'),
        ...moneyRows(section, 'amount_minor_units', bills.amount),
        ...bills.byEngagement.flatMap((engagement) => [
          figureRow(section, 'issued', engagement.engagementType, engagement.issued, 'count'),
          ...moneyRows(section, 'amount_minor_units', engagement.amount, engagement.engagementType),
        ]),
      ];
    }),
    figureRow('service', 'tickets_opened', '', service.ticketsOpened, 'count'),
    figureRow('service', 'tickets_resolved', '', service.ticketsResolved, 'count'),
    figureRow('service', 'resolution_rate_percent', '', service.resolutionRate, 'percent'),
    figureRow('service', 'first_contact_resolution_percent', '', service.firstContactResolution, 'percent'),
    figureRow('service', 'service_interactions', '', service.serviceInteractions, 'count'),
    figureRow('service', 'average_handling_seconds', '', service.averageHandlingSeconds, 'mean'),
    figureRow('csat', 'answers', '', csat.answers, 'count'),
    figureRow('csat', 'satisfied_percent', '', csat.satisfiedPercent, 'percent'),
    figureRow('csat', 'mean_score', '', csat.meanScore, 'mean'),
    ...Object.entries(csat.byScore).map(([score, figure]) =>
      figureRow('csat', 'answers_by_score', score, figure, 'count'),
    ),
    ...csat.trend.flatMap((day) => [
      valueRow('csat', 'daily_answers', day.day, day.answers, 'count'),
      valueRow('csat', 'daily_satisfied_percent', day.day, day.satisfiedPercent, 'percent'),
    ]),
    ...report.workload.flatMap((person) => [
      figureRow(
        'workload',
        'open_tasks',
        nameOf(person.assigneeId),
        stateFigure(person.openTasks, personBefore(person.assigneeId)?.openTasks, had),
        'count',
      ),
      figureRow(
        'workload',
        'open_tickets',
        nameOf(person.assigneeId),
        stateFigure(person.openTickets, personBefore(person.assigneeId)?.openTickets, had),
        'count',
      ),
    ]),
    figureRow('accounts', 'created', '', accounts.created, 'count'),
    ...Object.entries(accounts.createdBy).map(([key, figure]) =>
      figureRow('accounts', 'created_by', key, figure, 'count'),
    ),
    ...accounts.counts.map((count) =>
      figureRow(
        'accounts',
        'accounts',
        joinDimension(count.relationship, count.audience),
        stateFigure(
          count.count,
          before?.counts.find(
            (entry) => entry.relationship === count.relationship && entry.audience === count.audience,
          )?.count,
          had,
        ),
        'count',
      ),
    ),
    ...accounts.funnel.flatMap((stage) => [
      figureRow(
        'accounts',
        'funnel_accounts',
        stage.stage,
        stateFigure(
          stage.accounts,
          before?.funnel.find((entry) => entry.stage === stage.stage)?.accounts,
          had,
        ),
        'count',
      ),
      figureRow('accounts', 'funnel_entered', stage.stage, stage.entered, 'count'),
    ]),
  ];
}

export function reportCsv(report: Report): string {
  return [REPORT_CSV_COLUMNS, ...reportRows(report)].map(csvLine).join('');
}
