// Request and answer schemas of the report routes (the figures' shape is documented by its type, report.ts).

import { Cursor, Limit } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { PERIODS } from './report.ts';

export const ReportListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    period: z.optional(z.enum(PERIODS)),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** `<period>-<YYYY-MM-DD>`, optionally `.csv` or `.html` for the files. */
export const ReportPath = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z
      .string()
      .check(
        z.regex(
          /^(day|week|month)-\d{4}-\d{2}-\d{2}(\.csv|\.html)?$/,
          'A report id such as month-2026-11-01 (.csv / .html for the files).',
        ),
      ),
  }))();

const Links = /* @__PURE__ */ (() => z.object({ json: z.string(), csv: z.string(), html: z.string() }))();

const SummaryShape = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    period: z.enum(PERIODS),
    start: z.string(),
    end: z.string(),
    generatedAt: z.string(),
    version: z.int(),
    links: Links,
  }))();

export const ReportSummary = /* @__PURE__ */ (() => SummaryShape.check(z.meta({ id: 'ReportSummary' })))();

export const ReportDocument = /* @__PURE__ */ (() =>
  z
    .extend(SummaryShape, {
      report: z.record(z.string(), z.unknown()).check(
        z.meta({
          description: 'The figures: sales, service, workload, accounts (see the README, Reports).',
        }),
      ),
    })
    .check(z.meta({ id: 'Report' })))();
