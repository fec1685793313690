// npm run job -- <schedule> [--at <ISO 8601 time>]: runs one declared schedule's handler now, in this
// process, against the table of a running `npm start` (same DATA_DIR and DYNAMODB_PORT), and prints the
// summary it returns as JSON. The events its writes cause flow from the table's stream through `npm start`.
import { parseArgs } from 'node:util';
import { SCHEDULES } from '../functions/app/schedules.ts';
import { attach, exit, parseTime } from './attach.ts';
import { type LocalConfig, localConfig } from './config.ts';
import { invokeScheduled, type ScheduledHandler, scheduledTime } from './cron.ts';
import { loadHandler } from './runtime.ts';

const declared = () =>
  SCHEDULES.length === 0
    ? '  (none yet: schedules are declared in functions/<area>/schedules.ts)'
    : SCHEDULES.map(
        (schedule) => `  ${schedule.name.padEnd(24)} ${schedule.expression}  ${schedule.description}`,
      ).join('\n');

const USAGE = `Usage: npm run job -- <schedule> [--at <time>]

Runs a declared schedule's handler once, now, against the CRM that \`npm start\` runs (same DATA_DIR and
DYNAMODB_PORT), as EventBridge Scheduler would invoke it, and prints its summary as JSON.

  --at <time>   the time the run is for, ISO 8601 (2026-03-01T06:00:00Z, or a date: UTC midnight);
                default now
  -h, --help    this text

Schedules:
`;

function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}${declared()}`);
  }
}

const { values, positionals } = commandLine();
if (values.help) exit(0, `${USAGE}${declared()}`);
if (positionals.length !== 1) {
  exit(2, `${positionals.length === 0 ? 'Name a schedule.' : 'Name one schedule.'}\n\n${USAGE}${declared()}`);
}
const time = values.at === undefined ? new Date() : parseTime(values.at);
if (time === undefined) {
  exit(
    2,
    `--at "${values.at}" is not an ISO 8601 time: write e.g. 2026-03-01T06:00:00Z (a time needs Z or an offset) or 2026-03-01.`,
  );
}
const name = positionals[0] ?? '';
const schedule = SCHEDULES.find((candidate) => candidate.name === name);
if (schedule === undefined) {
  exit(
    2,
    SCHEDULES.length === 0
      ? `Unknown schedule "${name}": no schedules are declared (functions/<area>/schedules.ts).`
      : `Unknown schedule "${name}". Declared: ${SCHEDULES.map((candidate) => candidate.name).join(', ')}.`,
  );
}

function settings(): LocalConfig {
  try {
    return localConfig();
  } catch (error) {
    return exit(2, (error as Error).message);
  }
}
const config = settings();
await attach(config);

try {
  const handler = await loadHandler<ScheduledHandler>(schedule.handler);
  const summary = await invokeScheduled(handler, schedule, time);
  exit(0, JSON.stringify(summary ?? null));
} catch (error) {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  exit(1, `Schedule ${schedule.name} (${scheduledTime(time)}) failed: ${reason}`);
}
