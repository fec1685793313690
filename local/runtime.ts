// The whole CRM on one machine: DynamoDB Local, the table from the shared declaration, the local bus, the
// stream poller feeding the relay, and the gateway serving the declared routes — all calling the same
// handlers Lambda runs. Used by `npm start` and by the end-to-end tests.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { uploadKey } from '../functions/bulk/upload-signature.ts';
import { FAILURE_HANDLER, REDRIVE_HANDLER, RELAY_HANDLER } from '../functions/events/declarations.ts';
import {
  functionName,
  type RouteDeclaration,
  type RuleDeclaration,
  type ScheduleDeclaration,
} from '../functions/platform/declarations.ts';
import { useEventLogScrubber } from '../functions/platform/event-log.ts';
import { mintToken, signingSecret, uploadSecret } from './auth.ts';
import { type BusEvent, LocalBus } from './bus.ts';
import { handlerEnvironment, type LocalConfig, uploadsDir, urlHost } from './config.ts';
import { invokeScheduled, LocalCron, type ScheduledHandler } from './cron.ts';
import { deadLetterEvent } from './dead-letter.ts';
import { startDynamoDbLocal } from './dynamodb.ts';
import { type ApiHandler, createGateway } from './gateway.ts';
import { lambdaContext } from './proxy-event.ts';
import { type StreamHandler, StreamPoller } from './stream-poller.ts';
import { ensureTable } from './table.ts';

export const LOCAL_TABLE_NAME = 'clientele';
export const LOCAL_BUS_NAME = 'clientele-local';

export interface Runtime {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly devToken: string;
  readonly dataDir: string;
  readonly bus: LocalBus;
  readonly poller: StreamPoller;
  /** Wait until the stream is read to its end and every delivery it caused has finished. */
  settle(): Promise<void>;
  /**
   * Run a declared schedule's handler now, in this process, for `time` (default now), as Scheduler would
   * invoke it: once, after any run of the same schedule in progress. Resolves with the handler's summary.
   */
  runJob(name: string, time?: Date): Promise<unknown>;
  /** Each handler's invocations in this process so far, by handler (e.g. `forms/handlers/submit-form`). */
  invocations(): ReadonlyMap<string, Invocations>;
  stop(): Promise<void>;
}

export interface RuntimeOptions extends Omit<LocalConfig, 'host'> {
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly log?: (line: string) => void;
  readonly pollIntervalMs?: number;
  /** How long a stop waits for deliveries running at that moment (default 10 s); the rest are kept. */
  readonly drainMs?: number;
}

type Module = { handler?: unknown };

/** The ARN the local runtime gives a rule's dead-letter queue (the failure handler maps it to the rule). */
const deadLetterQueueArn = (rule: string) => `arn:aws:sqs:local:000000000000:${rule}-dead-letters`;

/** The DynamoDB commands (plain and document client) that write to the table. */
const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/** What a handler was invoked for in this process: how often, and for how long in all (ms). */
export interface Invocations {
  readonly count: number;
  readonly ms: number;
}
const invoked = new Map<string, Invocations>();
const invoking = new AsyncLocalStorage<string>();
/** The handler whose invocation the caller runs in (undefined outside one): what the bench's meter groups by. */
export const currentHandler = () => invoking.getStore();
let metering = false;
/**
 * Count, time and name each invocation of the handlers loaded from now on (the bench's cost model). Off by
 * default: only the bench needs it, and otherwise each handler is exactly the function Lambda runs.
 */
export const meterInvocations = () => {
  metering = true;
};

export async function loadHandler<T>(name: string): Promise<T> {
  // A file URL, not a template in import(): the handler is any file under functions/, as Lambda's entry is.
  const module = (await import(new URL(`../functions/${name}.ts`, import.meta.url).href)) as Module;
  if (typeof module.handler !== 'function') throw new Error(`functions/${name}.ts has no handler export`);
  const handler = module.handler as (...args: unknown[]) => unknown;
  if (!metering) return handler as T;
  // Counted and timed as Lambda bills an invocation: from the call until its promise settles.
  const counted = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await invoking.run(name, () => handler(...args));
    } finally {
      const before = invoked.get(name) ?? { count: 0, ms: 0 };
      invoked.set(name, { count: before.count + 1, ms: before.ms + (performance.now() - started) });
    }
  };
  return counted as T;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const drainMs = options.drainMs ?? 10_000;
  // A mistake in VISIBILITY stops the start, naming it, before anything runs.
  const { parseVisibility } = await import('../functions/platform/visibility.ts');
  parseVisibility(process.env.VISIBILITY);
  // Lambda runs Node 24; the SDK's notice about Node 20 support is noise on a laptop.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  mkdirSync(options.dataDir, { recursive: true });
  const dynamo = await startDynamoDbLocal({
    port: options.dynamodbPort,
    dataDir: join(options.dataDir, 'dynamodb'),
  });
  const stops: (() => Promise<void>)[] = [() => dynamo.stop()];
  // In reverse order of start: the gateway first (no new requests), DynamoDB Local last. Once only.
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      for (const step of [...stops].reverse()) {
        await step().catch((error: unknown) => log(`stop: ${String(error)}`));
      }
    })();
    return stopped;
  };
  try {
    const region = process.env.AWS_REGION || 'us-east-1';
    // The handlers read these when first imported, below; nothing under functions/ is imported before.
    Object.assign(process.env, {
      ...handlerEnvironment({
        tableName: LOCAL_TABLE_NAME,
        dynamodbEndpoint: dynamo.endpoint,
        dataDir: options.dataDir,
      }),
      EVENT_BUS_NAME: LOCAL_BUS_NAME,
    });
    const clientConfig = {
      endpoint: dynamo.endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const dynamodb = new DynamoDBClient(clientConfig);
    const streams = new DynamoDBStreamsClient(clientConfig);
    stops.push(async () => {
      dynamodb.destroy();
      streams.destroy();
    });
    await ensureTable(dynamodb, LOCAL_TABLE_NAME);

    const { RULES } = (await import('../functions/app/rules.ts')) as {
      RULES: readonly RuleDeclaration[];
    };
    // As the stack wires them: each rule's dead-letter queue, and the function the redrive invokes for a
    // rule (locally the bus's Invoke endpoint, which takes the rule's name for the function's).
    Object.assign(process.env, {
      DEAD_LETTER_RULES: JSON.stringify(RULES.map((rule) => [deadLetterQueueArn(rule.name), rule.name])),
      // As on AWS, without the redrive's own rule (its failures it redrives in process).
      RULE_FUNCTIONS: JSON.stringify(
        Object.fromEntries(
          RULES.filter((rule) => rule.handler !== REDRIVE_HANDLER).map((rule) => [rule.name, rule.name]),
        ),
      ),
    });
    const recordFailure =
      await loadHandler<(event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>>(FAILURE_HANDLER);
    const bus = new LocalBus({
      name: LOCAL_BUS_NAME,
      region,
      rules: RULES,
      target: async (rule) => {
        const handler = await loadHandler<(event: BusEvent, context: unknown) => Promise<unknown>>(
          rule.handler,
        );
        return (event) => handler(event, lambdaContext(functionName(rule.handler)));
      },
      archiveFile: join(options.dataDir, 'events.jsonl'),
      deadLetterFile: join(options.dataDir, 'dead-letters.jsonl'),
      journalDir: join(options.dataDir, 'deliveries'),
      log,
      // As on AWS: the dead letter reaches the failure handler in the shape of Lambda's on-failure record.
      onDeadLetter: async (rule, event, error, attempts, delivery) => {
        // The same dead letter recorded again (after a crash) is the same message: counted once.
        const messageId = createHash('sha256')
          .update(`${rule.name}|${delivery}|${attempts}`)
          .digest('hex')
          .slice(0, 32);
        const result = await recordFailure(
          deadLetterEvent({
            payload: event,
            error: {
              type: error instanceof Error ? error.name : 'Error',
              message: error instanceof Error ? error.message : String(error),
            },
            attempts,
            queueArn: deadLetterQueueArn(rule.name),
            messageId,
          }),
          lambdaContext(functionName(FAILURE_HANDLER)),
        );
        // A message it could not record is reported, as SQS would keep it: the bus tries again.
        if (result.batchItemFailures.length > 0) throw new Error('the failure handler could not record it');
      },
    });
    // An erasure scrubs the event log too (functions/lifecycle/person-store.ts).
    useEventLogScrubber((terms) => bus.scrub(terms));
    process.env.EVENTBRIDGE_ENDPOINT = await bus.listen();
    process.env.LAMBDA_ENDPOINT = process.env.EVENTBRIDGE_ENDPOINT;
    // Stopped after the poller (whose relay publishes to it) and before DynamoDB Local, which the attempts
    // still running need: it waits for them up to DRAIN_MS and keeps the rest for the next start.
    stops.push(() => bus.close(drainMs));
    // What the last process left: each delivery where it stopped, retry state and all.
    bus.resume();

    const relay =
      await loadHandler<(event: Parameters<StreamHandler>[0], context: unknown) => ReturnType<StreamHandler>>(
        RELAY_HANDLER,
      );
    const poller = new StreamPoller({
      dynamodb,
      streams,
      tableName: LOCAL_TABLE_NAME,
      handler: (event) => relay(event, lambdaContext(functionName(RELAY_HANDLER))),
      checkpointFile: join(options.dataDir, 'stream-checkpoint.json'),
      deadLetterFile: join(options.dataDir, 'dead-letters.jsonl'),
      log,
      region,
      intervalMs: options.pollIntervalMs ?? 25,
    });
    poller.start();
    stops.push(() => poller.stop());
    // A write by any handler of this runtime is news for the stream: its record is read at once, not at the
    // next of the idle poller's pauses.
    const { dynamodb: handlerTable } = await import('../functions/platform/clients.ts');
    handlerTable.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (WRITE_COMMAND.test(context.commandName ?? '')) poller.poke();
        return output;
      },
      { step: 'initialize', name: 'wakeStreamPoller', override: true },
    );
    stops.push(async () => {
      handlerTable.middlewareStack.remove('wakeStreamPoller');
    });
    // Serve only once the stream has been read through once: /health is green from the first request. (Read
    // through, not idle: deliveries resumed from the journal, an import's chunks say, may keep writing.)
    await poller.readThrough();
    const { registerHealthCheck } = await import('../functions/platform/health-checks.ts');
    registerHealthCheck('stream', () => poller.healthy());

    // The schedules: every handler loaded now, so a missing one fails the start rather than its first run.
    const { SCHEDULES } = (await import('../functions/app/schedules.ts')) as {
      SCHEDULES: readonly ScheduleDeclaration[];
    };
    const scheduled = new Map<string, ScheduledHandler>();
    for (const schedule of SCHEDULES) {
      scheduled.set(schedule.handler, await loadHandler<ScheduledHandler>(schedule.handler));
    }
    const cron = new LocalCron({
      schedules: SCHEDULES,
      run: (schedule, time) => {
        const handler = scheduled.get(schedule.handler);
        if (handler === undefined) throw new Error(`functions/${schedule.handler}.ts is not loaded`);
        return invokeScheduled(handler, schedule, time);
      },
      deadLetterFile: join(options.dataDir, 'dead-letters.jsonl'),
      log,
    });
    stops.push(() => cron.stop());
    // The end-to-end tests turn it off, so a run at the top of the hour cannot change what they observe.
    if (process.env.CRON === 'off') log('cron: off (CRON=off); run a schedule with npm run job -- <name>');
    else cron.start();

    const { ROUTES } = (await import('../functions/app/routes.ts')) as {
      ROUTES: readonly RouteDeclaration[];
    };
    const handlers = new Map<string, Promise<ApiHandler>>();
    const secret = signingSecret(options.dataDir, true);
    const gateway = createGateway({
      routes: ROUTES,
      secret,
      log,
      rateLimits: process.env.RATE_LIMIT !== 'off',
      // The same directory and key the handlers were given (handlerEnvironment).
      uploads: { dir: uploadsDir(options.dataDir), secret: uploadKey(uploadSecret(options.dataDir)) },
      handlerFor: (route) => {
        let handler = handlers.get(route.handler);
        if (handler === undefined) {
          handler = loadHandler<ApiHandler>(route.handler);
          handlers.set(route.handler, handler);
        }
        return handler;
      },
    });
    await new Promise<void>((resolve, reject) => {
      gateway.once('error', reject);
      gateway.listen(options.port, host, resolve);
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          gateway.close(() => resolve());
          gateway.closeAllConnections();
        }),
    );
    const url = `http://${urlHost(host)}:${(gateway.address() as AddressInfo).port}`;
    // Links the automations and jobs e-mail (survey links, the record a mail is about) point here; read by
    // the handlers per call.
    process.env.PUBLIC_API_URL = process.env.PUBLIC_URL || url;
    // Upload URLs point at this gateway itself, which writes what is PUT to them (local/uploads.ts).
    process.env.UPLOADS_URL = url;
    // The dev admin is a team member like any other (npm run token mints for the others).
    const { ensureDevMember } = await import('./dev-members.ts');
    const devAdmin = await ensureDevMember('admin');
    if (!devAdmin.active || !devAdmin.roles.includes('admin')) {
      log(
        `dev admin: member ${devAdmin.id} is ${devAdmin.active ? 'no longer an admin' : 'inactive'}; its token will be refused`,
      );
    }
    const devToken = await mintToken(secret, {
      sub: devAdmin.userId ?? 'dev-admin',
      roles: devAdmin.roles,
      ttlSeconds: 30 * 24 * 3600,
    });
    writeFileSync(join(options.dataDir, 'dev-token'), `${devToken}\n`, { mode: 0o600 });
    writeFileSync(
      join(options.dataDir, 'runtime.json'),
      JSON.stringify(
        { url, dynamodbEndpoint: dynamo.endpoint, tableName: LOCAL_TABLE_NAME, pid: process.pid },
        null,
        2,
      ),
    );
    return {
      url,
      dynamodbEndpoint: dynamo.endpoint,
      devToken,
      dataDir: options.dataDir,
      bus,
      poller,
      runJob: (name, time = new Date()) => cron.runNow(name, time),
      invocations: () => new Map(invoked),
      settle: async () => {
        // Deliveries write to the table, which feeds the stream again: repeat until both are quiet.
        for (let round = 0; round < 20; round++) {
          await poller.idle();
          if (bus.inFlightCount === 0) return;
          await bus.drain();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
