// The report job: which periods a scheduled run is due to report on, and making one report end to end —
// figures, files, record (announced as ReportGenerated from the table's stream).
import { saveReportFiles } from './files.ts';
import type { Period } from './report.ts';
import { makeReport, storeReport } from './report-store.ts';
import { reportCsv } from './views/csv.ts';
import { reportPage } from './views/page.ts';

const DAY_MS = 24 * 3600_000;
const dayBefore = (at: Date, days = 1) => new Date(at.getTime() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * A run at `at` (the daily 06:00 UTC schedule) reports on the previous day; on a Monday also on the previous
 * week; on the 1st also on the previous month.
 */
export function periodsDue(at: Date): { period: Period; day: string }[] {
  const due: { period: Period; day: string }[] = [{ period: 'day', day: dayBefore(at) }];
  if (at.getUTCDay() === 1) due.push({ period: 'week', day: dayBefore(at, 7) });
  if (at.getUTCDate() === 1) due.push({ period: 'month', day: dayBefore(at) });
  return due;
}

/** Make the report of the period containing `day`; stored (and announced) only when its figures changed. */
export async function generateReport(period: Period, day: string, now: Date) {
  const started = Date.now();
  const { report, read } = await makeReport(period, day, now);
  const stored = await storeReport(report, (made) =>
    saveReportFiles(made.id, { csv: reportCsv(made), html: reportPage(made) }),
  );
  return { id: report.id, written: stored.written, read, ms: Date.now() - started };
}

/** The scheduled run: every report due at `at`. */
export async function generateDueReports(at: Date) {
  const reports = [];
  for (const { period, day } of periodsDue(at)) reports.push(await generateReport(period, day, at));
  return { reports };
}
