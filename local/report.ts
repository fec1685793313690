// npm run report -- --period day|week|month [--date <YYYY-MM-DD>]: makes the report of the period containing
// the date (default: the previous complete period) now, against the data of a running `npm start`, and
// prints where it is. The same period made twice with the same data is the same report.
import { parseArgs } from 'node:util';
import { attach, exit, parseTime } from './attach.ts';
import { localConfig } from './config.ts';

const USAGE = `Usage: npm run report -- --period day|week|month [--date <YYYY-MM-DD>]

Makes the report of the period that contains --date (default: the last complete day, week or month) from
the CRM that \`npm start\` runs (same DATA_DIR and DYNAMODB_PORT): stored in the table (GET /reports/<id>),
its CSV and HTML under $DATA_DIR/reports/, and announced as ReportGenerated.`;

function commandLine() {
  try {
    return parseArgs({
      options: {
        period: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}`);
  }
}

const { values } = commandLine();
if (values.help) exit(0, USAGE);
const period = values.period;
if (period !== 'day' && period !== 'week' && period !== 'month') {
  exit(
    2,
    `--period must be day, week or month${period === undefined ? '' : `, not "${period}"`}.\n\n${USAGE}`,
  );
}
/** A day in the last complete period: yesterday, a day of last week, the 1st of last month. */
function lastComplete(kind: 'day' | 'week' | 'month'): string {
  const now = new Date();
  const back = (days: number) => new Date(now.getTime() - days * 24 * 3600_000).toISOString().slice(0, 10);
  if (kind === 'day') return back(1);
  if (kind === 'week') return back(7);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
}

const given = values.date;
if (given !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(given) || parseTime(given) === undefined)) {
  exit(2, `--date "${given}" is not a date: write e.g. 2026-11-01.`);
}
const day = given ?? lastComplete(period);

let config: ReturnType<typeof localConfig>;
try {
  config = localConfig();
} catch (error) {
  exit(2, (error as Error).message);
}
await attach(config);
try {
  // Imported only now: the handlers' modules read the environment attach() set.
  const { generateReport } = await import('../functions/reporting/reporting.ts');
  const outcome = await generateReport(period, day, new Date());
  exit(
    0,
    JSON.stringify({
      ...outcome,
      json: `/reports/${outcome.id}`,
      csv: `${config.dataDir}/reports/${outcome.id}.csv`,
      html: `${config.dataDir}/reports/${outcome.id}.html`,
    }),
  );
} catch (error) {
  exit(1, `The ${period} report failed: ${error instanceof Error ? error.message : String(error)}`);
}
