// npm run job -- <schedule> [--at <ISO 8601 time>]: runs one declared schedule's handler now, in this
// process, against the table of a running `npm start` (same DATA_DIR and DYNAMODB_PORT), and prints the
// summary it returns as JSON. The events its writes cause flow from the table's stream through `npm start`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SCHEDULES } from '../lib/schedules.ts';
import { handlerEnvironment, type LocalConfig, localConfig } from './config.ts';
import { invokeScheduled, type ScheduledHandler, scheduledTime } from './cron.ts';
import { LOCAL_TABLE_NAME, loadHandler } from './runtime.ts';

const declared = () =>
  SCHEDULES.length === 0
    ? '  (none yet: schedules are declared in lib/schedules.ts)'
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

/** Exits at once: the handler's SDK clients would keep the process alive otherwise. */
function exit(code: number, message: string): never {
  if (code === 0) console.log(message);
  else console.error(message);
  process.exit(code);
}

/** An ISO 8601 date or date-time; a time must say its offset (Z for UTC). Undefined when invalid. */
function parseTime(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.exec(
    text,
  );
  if (match === null) return undefined;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) return undefined;
  // Date accepts 2026-02-30 as 2 March; a date that does not exist is refused instead.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day ? time : undefined;
}

interface Target {
  readonly endpoint: string;
  readonly tableName: string;
}

/** DynamoDB Local of the running `npm start`: DYNAMODB_PORT when given, else what it wrote to runtime.json. */
function locate(config: LocalConfig): Target {
  let written: Partial<Target> = {};
  const file = join(config.dataDir, 'runtime.json');
  if (existsSync(file)) {
    try {
      const info = JSON.parse(readFileSync(file, 'utf8')) as {
        dynamodbEndpoint?: unknown;
        tableName?: unknown;
      };
      written = {
        ...(typeof info.dynamodbEndpoint === 'string' ? { endpoint: info.dynamodbEndpoint } : {}),
        ...(typeof info.tableName === 'string' ? { tableName: info.tableName } : {}),
      };
    } catch {
      // A half-written or foreign file: fall back to DYNAMODB_PORT.
    }
  }
  const portGiven = (process.env.DYNAMODB_PORT ?? '') !== '' && config.dynamodbPort !== 0;
  return {
    endpoint:
      portGiven || written.endpoint === undefined
        ? `http://127.0.0.1:${config.dynamodbPort}`
        : written.endpoint,
    tableName: written.tableName ?? LOCAL_TABLE_NAME,
  };
}

/** Undefined when DynamoDB Local answers and has the table; otherwise the one line that says what is wrong. */
async function problemWith(target: Target): Promise<string | undefined> {
  const client = new DynamoDBClient({
    endpoint: target.endpoint,
    region: process.env.AWS_REGION || 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: target.tableName }));
    return undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      return `DynamoDB Local at ${target.endpoint} has no table "${target.tableName}": is it the one \`npm start\` runs with this DATA_DIR and DYNAMODB_PORT?`;
    }
    return `The CRM is not running: nothing answers at ${target.endpoint} (DynamoDB Local). Start it with \`npm start\`, and run this job with the same DATA_DIR and DYNAMODB_PORT.`;
  } finally {
    client.destroy();
  }
}

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
      ? `Unknown schedule "${name}": no schedules are declared (lib/schedules.ts).`
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
// Lambda runs Node 24; the SDK's notice about Node 20 support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const target = locate(config);
const problem = await problemWith(target);
if (problem !== undefined) exit(1, problem);

// What the runtime gives every handler (runtime.ts), read by the handler's modules when imported, below.
// No bus: a scheduled handler only writes to the table; `npm start` relays the changes from its stream.
Object.assign(
  process.env,
  handlerEnvironment({
    tableName: target.tableName,
    dynamodbEndpoint: target.endpoint,
    dataDir: config.dataDir,
  }),
);

try {
  const handler = await loadHandler<ScheduledHandler>(schedule.handler);
  const summary = await invokeScheduled(handler, schedule, time);
  exit(0, JSON.stringify(summary ?? null));
} catch (error) {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  exit(1, `Schedule ${schedule.name} (${scheduledTime(time)}) failed: ${reason}`);
}
