// Quotas: what an owner is to win in a period — an amount per currency, for a day, a week (Monday–Sunday) or a
// calendar month (UTC), the periods the reports cover. The report of a period sets the revenue each owner won
// in it against their quota for that same period (quota attainment), and the team's against the sum.
import { Cursor, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

/** The report's periods: a quota is set for one of them, and read by the report of that period. */
export const QUOTA_PERIODS = ['day', 'week', 'month'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** Well past any owner's target, and summed over a team still far below 2^53 − 1. */
const MAX_TARGET = 100_000_000_000_000;

/** Whether `day` (YYYY-MM-DD) is the first day of a `period`: any day, a Monday, the 1st. */
export function startsPeriod(period: QuotaPeriod, day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return false;
  if (period === 'week') return date.getUTCDay() === 1;
  if (period === 'month') return date.getUTCDate() === 1;
  return true;
}

const START_MESSAGE: Record<QuotaPeriod, string> = {
  day: 'A day, YYYY-MM-DD.',
  week: 'The Monday the week starts on (weeks run Monday–Sunday, UTC), YYYY-MM-DD.',
  month: 'The first day of the month, YYYY-MM-DD.',
};

export const QuotaPath = /* @__PURE__ */ (() =>
  z
    .strictObject({
      ownerId: UserId,
      period: z.enum(QUOTA_PERIODS),
      start: z.iso.date(),
    })
    .check(
      z.superRefine((path, context) => {
        if (!startsPeriod(path.period, path.start)) {
          context.addIssue({
            code: 'custom',
            message: START_MESSAGE[path.period],
            path: ['start'],
            input: path.start,
          });
        }
      }),
    ))();
export type QuotaPath = z.infer<typeof QuotaPath>;

const Currency = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR or USD.')))();
const Target = /* @__PURE__ */ (() =>
  z
    .int()
    .check(
      z.minimum(1),
      z.maximum(MAX_TARGET),
      z.meta({ description: 'Minor units (cents), at least 1, at most 10^14.' }),
    ))();

export const QuotaInput = /* @__PURE__ */ (() =>
  z
    .strictObject({
      targets: z.record(Currency, Target).check(
        z.refine((targets) => Object.keys(targets).length >= 1, { message: 'At least one currency.' }),
        z.refine((targets) => Object.keys(targets).length <= 10, { message: 'At most 10 currencies.' }),
      ),
    })
    .check(z.meta({ id: 'QuotaInput' })))();
export type QuotaInput = z.infer<typeof QuotaInput>;

export const Quota = /* @__PURE__ */ (() =>
  z
    .object({
      ownerId: z.string(),
      period: z.enum(QUOTA_PERIODS),
      start: z.string(),
      /** Currency → the amount to win in the period (minor units). */
      targets: z.record(z.string(), z.number()),
      createdAt: z.string(),
      createdBy: z.optional(z.string()),
      updatedAt: z.string(),
      updatedBy: z.optional(z.string()),
      version: z.int(),
    })
    .check(z.meta({ id: 'Quota' })))();
export type Quota = z.infer<typeof Quota>;

export const QuotaListQuery = /* @__PURE__ */ (() =>
  z
    .strictObject({
      ownerId: z.optional(UserId),
      period: z.optional(z.enum(QUOTA_PERIODS)),
      start: z.optional(z.iso.date()),
      limit: Limit(25),
      cursor: Cursor,
    })
    .check(
      z.refine((query) => query.ownerId !== undefined || query.start !== undefined, {
        message: 'Give ownerId (their quotas), or period and start (everyone’s for that period).',
        path: ['ownerId'],
      }),
      z.refine((query) => query.start === undefined || query.period !== undefined, {
        message: 'A start is given with its period.',
        path: ['period'],
      }),
    ))();
export type QuotaListQuery = z.infer<typeof QuotaListQuery>;
