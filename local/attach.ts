// Commands that work on the data of a running `npm start` (npm run job, report, seed): find its DynamoDB
// Local (same DATA_DIR / DYNAMODB_PORT), say clearly when it is not running, and give this process the
// environment the handlers expect, so they can be imported and called here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handlerEnvironment, type LocalConfig } from './config.ts';
import { LOCAL_TABLE_NAME } from './runtime.ts';

/** Exits at once: the handler's SDK clients would keep the process alive otherwise. */
export function exit(code: number, message: string): never {
  if (code === 0) console.log(message);
  else console.error(message);
  process.exit(code);
}

/** An ISO 8601 date or date-time; a time must say its offset (Z for UTC). Undefined when invalid. */
export function parseTime(text: string): Date | undefined {
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

export interface Target {
  readonly endpoint: string;
  readonly tableName: string;
  /** Where the running API listens (runtime.json), for the links the handlers e-mail. */
  readonly url?: string;
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
        url?: unknown;
      };
      written = {
        ...(typeof info.dynamodbEndpoint === 'string' ? { endpoint: info.dynamodbEndpoint } : {}),
        ...(typeof info.tableName === 'string' ? { tableName: info.tableName } : {}),
        ...(typeof info.url === 'string' ? { url: info.url } : {}),
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
    ...(written.url === undefined ? {} : { url: written.url }),
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
    return `The CRM is not running: nothing answers at ${target.endpoint} (DynamoDB Local). Start it with \`npm start\`, and run this command with the same DATA_DIR and DYNAMODB_PORT.`;
  } finally {
    client.destroy();
  }
}

/**
 * Connect this process to the running CRM: exits 1 with one clear line when it is not running; otherwise
 * sets the handlers' environment (before any of them is imported) and returns where the table is.
 */
export async function attach(config: LocalConfig): Promise<Target> {
  // Lambda runs Node 24; the SDK's notice about Node 20 support is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const target = locate(config);
  const problem = await problemWith(target);
  if (problem !== undefined) exit(1, problem);
  // No bus: these commands only write to the table; `npm start` relays the changes from its stream.
  Object.assign(
    process.env,
    handlerEnvironment({
      tableName: target.tableName,
      dynamodbEndpoint: target.endpoint,
      dataDir: config.dataDir,
      ...(target.url === undefined ? {} : { apiUrl: target.url }),
    }),
  );
  // The links a job e-mails point where `npm start` points them (PUBLIC_URL, else its own address).
  const publicUrl = process.env.PUBLIC_URL || target.url;
  if (publicUrl !== undefined) process.env.PUBLIC_API_URL = publicUrl;
  return target;
}
