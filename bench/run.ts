// npm run bench: what a cold start and a warm request cost. Writes bench/results.json and bench/RESULTS.md.
//   1. each handler bundled with exactly the stack's esbuild settings: size raw and gzipped;
//   2. module init time of each bundle in a fresh `node` process (median of N) next to an empty module's;
//   3. warm in-process latency (p50/p99) of four handlers against DynamoDB Local, next to the raw SDK
//      calls each one makes, as a ratio;
//   4. form intake end to end on the local stack, what one submission costs on AWS (bench/intake.ts, own
//      process; bench/cost.ts), and the single hot items under concurrent writers (bench/hot-items.ts);
//   5. status change → automation end to end, and the hourly tasks-due job over 1,000 and 10,000 open tasks
//      (bench/lifecycle.ts, own process);
//   6. the daily aggregates' cost per stream record, and the monthly report with 1,000 and 100,000
//      interactions in the table (bench/reports.ts, own process);
//   7. deleting, and merging, an account with 10,000 interactions (bench/deletion.ts, bench/merge.ts);
//   8. search: index writes per change, query latency at 1,000 and 100,000 records, relevance (bench/search.ts);
//   9. importing contacts files of 10,000 and 100,000 rows, next to BatchWriteItem of the same items, and peak
//      memory at each size (bench/imports.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { esbuildOptions, REPO_ROOT } from '../lib/function.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/table.ts';
import { type CostLine, costPerMillion, FUNCTION_GB, PRICES, TARGET_PER_MILLION } from './cost.ts';
import type { DeletionResult } from './deletion.ts';
import type { ImportsResult } from './imports.ts';
import type { LifecycleResult } from './lifecycle.ts';
import type { MergeResult } from './merge.ts';
import type { ReportsResult } from './reports.ts';
import type { SearchResult } from './search.ts';

// Lambda runs Node 24; the SDK's notice about Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 25);
/** A handler's module init against the typical build's (the baseline). */
const INIT_RATIO = 0.85;
const CALLS = Number(process.env.BENCH_CALLS ?? 1500);
const WARMUP = 200;
const outDir = join(REPO_ROOT, 'bench', '.build');

// Every file in an area's handlers/ folder is one Lambda handler, named by its file.
const handlers = readdirSync(join(REPO_ROOT, 'functions'), { withFileTypes: true })
  .filter((area) => area.isDirectory() && existsSync(join(REPO_ROOT, 'functions', area.name, 'handlers')))
  .flatMap((area) =>
    readdirSync(join(REPO_ROOT, 'functions', area.name, 'handlers'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => ({
        name: name.slice(0, -3),
        entry: join(REPO_ROOT, 'functions', area.name, 'handlers', name),
      })),
  )
  .sort((a, b) => (a.name < b.name ? -1 : 1));

// ---------------------------------------------------------------- 1. bundles
/** A handler bundled as the stack bundles it; `typical`: without the stack's aliases, as a typical app ships. */
async function bundle(handler: string, entry: string, typical = false) {
  const outfile = join(outDir, `${handler}.mjs`);
  await build({ ...esbuildOptions({ typical }), entryPoints: [entry], outfile, logLevel: 'silent' });
  const code = readFileSync(outfile);
  return { handler, file: outfile, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

// ---------------------------------------------------------------- 2. init time
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** One fresh `node` process importing `file`: the time the import took (module init), in ms. */
function importTime(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TABLE_NAME: 'bench',
      EVENT_BUS_NAME: 'bench',
      MAIL_FROM: 'bench@example.com',
      // What the stack gives the failure handler and the redrive (maps of the rules' queues and functions).
      DEAD_LETTER_RULES: '[]',
      RULE_FUNCTIONS: '{}',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * Module init of each file, median of INIT_RUNS fresh processes: the runs interleaved (every file once per
 * round, in turn), so a machine's drift over the minutes touches all alike.
 */
function initTimes(files: readonly string[], progress: (round: number) => void): number[] {
  const runs = files.map(() => [] as number[]);
  for (let round = 0; round < INIT_RUNS; round++) {
    for (const [index, file] of files.entries()) runs[index]?.push(importTime(file));
    progress(round + 1);
  }
  return runs.map(median);
}

// ---------------------------------------------------------------- 3. warm latency
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function latency() {
  const dynamo = await startDynamoDbLocal({ port: 0 });
  try {
    Object.assign(process.env, {
      TABLE_NAME: 'bench',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const admin = new DynamoDBClient({ endpoint: dynamo.endpoint });
    await ensureTable(admin, 'bench');
    admin.destroy();
    // Same module-scope clients the handlers use, so both sides share connection handling.
    const { documentClient } = await import('../functions/platform/clients.ts');
    const { GetCommand, QueryCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { buildProxyEvent, lambdaContext } = await import('../local/proxy-event.ts');
    const { ulid } = await import('ulid');
    const {
      accountIndexKeys,
      accountKey,
      accountListingItems,
      accountPartition,
      INTERACTION_PREFIX,
      interactionKey,
    } = await import('../functions/accounts/entity.ts');
    const load = async (name: string) =>
      (
        (await import(new URL(`../functions/${name}.ts`, import.meta.url).href)) as {
          handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
        }
      ).handler;
    const createAccount = await load('accounts/handlers/create-account');
    const getAccount = await load('accounts/handlers/get-account');
    const logInteraction = await load('accounts/handlers/log-interaction');
    const listInteractions = await load('accounts/handlers/list-interactions');
    const claims = { sub: 'bench', 'cognito:groups': 'admin' };
    // The caller is a team member, as the platform admits only members (functions/platform/access.ts).
    const { newMember } = await import('../functions/team/member.ts');
    const { memberCreateItems } = await import('../functions/team/member-store.ts');
    const { transact } = await import('../functions/platform/store.ts');
    const { forgetMemberships } = await import('../functions/platform/membership.ts');
    await transact(
      memberCreateItems(
        newMember(
          { name: 'Bench', email: 'bench@clientele.test', roles: ['admin'], active: true, userId: 'bench' },
          new Date(),
        ),
      ),
    );
    // The proxy event is built once per operation, outside the timed call: what is timed is what Lambda
    // would run, the handler.
    const prepare = (
      handler: Awaited<ReturnType<typeof load>>,
      method: string,
      resource: string,
      params: Record<string, string>,
      body?: unknown,
      query?: Record<string, string>,
    ) => {
      const event = buildProxyEvent({
        method,
        resource,
        path: resource.replace('{id}', params.id ?? ''),
        pathParameters: params,
        query: new URLSearchParams(query ?? {}),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        claims,
      });
      return async () => {
        // A fresh context per call, as Lambda gives: its remaining time is what middy's timeout watches.
        const result = await handler(event, lambdaContext('bench'));
        if (result.statusCode >= 300)
          throw new Error(`${method} ${resource} → ${result.statusCode}: ${result.body}`);
        return result;
      };
    };
    const accountBody = {
      name: 'Bench Ltd',
      relationship: 'client',
      billing: { model: 'retainer', monthlyFee: 100000 },
    };
    const seeded = JSON.parse(
      (await prepare(createAccount, 'POST', '/accounts', {}, accountBody)()).body,
    ) as {
      id: string;
    };
    const interactionBody = { channel: 'call', subject: 'Bench' };
    const seed = prepare(
      logInteraction,
      'POST',
      '/accounts/{id}/interactions',
      { id: seeded.id },
      interactionBody,
    );
    for (let i = 0; i < 60; i++) await seed();
    const now = () => new Date().toISOString();
    const pairs = {
      'create account': {
        handler: prepare(createAccount, 'POST', '/accounts', {}, accountBody),
        raw: () => {
          const id = ulid();
          // The same items the handler writes: the account (index keys and defaults included) and its
          // listing (its audience), each only if new, in one transaction.
          const items = [
            {
              ...accountKey(id),
              type: 'Account',
              ...accountIndexKeys({ id, lifecycleStage: 'lead', relationship: accountBody.relationship }),
              id,
              ...accountBody,
              audience: 'external',
              lifecycleStage: 'lead',
              tags: [],
              custom: {},
              createdAt: now(),
              updatedAt: now(),
              version: 1,
            },
            ...accountListingItems({ id, tags: [], audience: 'external' }),
          ];
          return documentClient.send(
            new TransactWriteCommand({
              TransactItems: items.map((Item) => ({
                Put: { TableName: 'bench', Item, ConditionExpression: 'attribute_not_exists(pk)' },
              })),
            }),
          );
        },
      },
      'get account': {
        handler: prepare(getAccount, 'GET', '/accounts/{id}', { id: seeded.id }),
        raw: () => documentClient.send(new GetCommand({ TableName: 'bench', Key: accountKey(seeded.id) })),
      },
      // The same, with the caller's membership looked up on every call (as the first request of a caller in
      // an environment, then once per cache period, does): what admitting a caller costs, against the raw
      // GetItem alone.
      'get account, caller not cached': {
        handler: (() => {
          const call = prepare(getAccount, 'GET', '/accounts/{id}', { id: seeded.id });
          return () => {
            forgetMemberships();
            return call();
          };
        })(),
        raw: () => documentClient.send(new GetCommand({ TableName: 'bench', Key: accountKey(seeded.id) })),
      },
      'log interaction': {
        handler: prepare(
          logInteraction,
          'POST',
          '/accounts/{id}/interactions',
          { id: seeded.id },
          interactionBody,
        ),
        raw: () => {
          const id = ulid();
          return documentClient.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: 'bench',
                    Key: accountKey(seeded.id),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: 'bench',
                    Item: {
                      ...interactionKey(seeded.id, id),
                      type: 'Interaction',
                      id,
                      accountId: seeded.id,
                      channel: 'call',
                      direction: 'inbound',
                      category: 'sales',
                      subject: 'Bench',
                      occurredAt: now(),
                      loggedBy: 'bench',
                      createdAt: now(),
                      version: 1,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
        },
      },
      'timeline page (25)': {
        handler: prepare(
          listInteractions,
          'GET',
          '/accounts/{id}/interactions',
          { id: seeded.id },
          undefined,
          {
            limit: '25',
          },
        ),
        // The handler reads the account (for a 404) and the page at once; so does the raw side.
        raw: () =>
          Promise.all([
            documentClient.send(
              new GetCommand({
                TableName: 'bench',
                Key: accountKey(seeded.id),
                ProjectionExpression: 'pk',
              }),
            ),
            documentClient.send(
              new QueryCommand({
                TableName: 'bench',
                KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
                ExpressionAttributeValues: {
                  ':pk': accountPartition(seeded.id),
                  ':a': INTERACTION_PREFIX,
                  ':b': `${INTERACTION_PREFIX}\uffff`,
                },
                ScanIndexForward: false,
                Limit: 25,
              }),
            ),
          ]),
      },
    };
    const results: Record<
      string,
      { handler: { p50: number; p99: number }; raw: { p50: number; p99: number }; ratioP50: number }
    > = {};
    for (const [name, pair] of Object.entries(pairs)) {
      // Interleave the two sides in rounds so drift in DynamoDB Local (JIT, table growth) hits both alike.
      const handler: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < WARMUP; i++) {
        await pair.handler();
        await pair.raw();
      }
      for (let i = 0; i < CALLS; i++) {
        let start = process.hrtime.bigint();
        await pair.handler();
        handler.push(Number(process.hrtime.bigint() - start) / 1e6);
        start = process.hrtime.bigint();
        await pair.raw();
        raw.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const h = { p50: percentile(handler, 50), p99: percentile(handler, 99) };
      const r = { p50: percentile(raw, 50), p99: percentile(raw, 99) };
      results[name] = { handler: h, raw: r, ratioP50: h.p50 / r.p50 };
      console.log(
        `${name}: handler p50 ${h.p50.toFixed(2)} ms, raw p50 ${r.p50.toFixed(2)} ms, ratio ${(h.p50 / r.p50).toFixed(3)}`,
      );
    }
    return results;
  } finally {
    await dynamo.stop();
  }
}

// ---------------------------------------------------------------- run
// BENCH_ONLY=intake,hot-items (parts: bundles, warm, and the own-process files' names) measures those parts
// again and takes every other from the last bench/results.json; RESULTS.md says which were taken.
const PARTS = [
  'bundles',
  'warm',
  'intake',
  'hot-items',
  'lifecycle',
  'reports',
  'deletion',
  'merge',
  'search',
  'imports',
];
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const unknownPart = only?.find((part) => !PARTS.includes(part));
if (unknownPart !== undefined)
  throw new Error(`BENCH_ONLY: no part "${unknownPart}" (parts: ${PARTS.join(', ')})`);
const resultsFile = join(REPO_ROOT, 'bench', 'results.json');
const last =
  only === undefined ? undefined : (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>);
const reused = PARTS.filter((part) => only !== undefined && !only.includes(part));
const measures = (part: string) => !reused.includes(part);
const lastOf = <T>(key: string): T => {
  if (last?.[key] === undefined) throw new Error(`BENCH_ONLY: bench/results.json has no "${key}" to reuse`);
  return last[key] as T;
};

interface HandlerFigures {
  readonly handler: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly initMs: number;
  readonly initRatio: number;
}

async function measureBundles() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  console.log(`bundling ${handlers.length} handlers…`);
  const bundles = await Promise.all(handlers.map((handler) => bundle(handler.name, handler.entry)));
  // The baseline is what a typical app ships: the document client doing one GetItem, built with the same
  // settings but without the stack's aliases (so with the SDK's default credential chain).
  const sdkFloor = await bundle(
    'baseline-dynamodb-client',
    join(REPO_ROOT, 'bench', 'baselines', 'dynamodb-client.ts'),
    true,
  );
  const emptyFile = join(outDir, 'empty.mjs');
  writeFileSync(emptyFile, 'export const handler = async () => undefined;\n');
  console.log(`init time, median of ${INIT_RUNS} fresh processes each, interleaved…`);
  const [emptyInitMs = Number.NaN, sdkFloorInitMs = Number.NaN, ...handlerInitMs] = initTimes(
    [emptyFile, sdkFloor.file, ...bundles.map((entry) => entry.file)],
    (round) => process.stdout.write(`\r  round ${round} of ${INIT_RUNS}`),
  );
  process.stdout.write('\n');
  console.log(
    `DynamoDB document client alone (typical build): ${(sdkFloor.rawBytes / 1024).toFixed(1)} KB raw, init ${sdkFloorInitMs.toFixed(1)} ms`,
  );
  const perHandler = bundles.map((entry, index) => {
    const initMs = handlerInitMs[index] ?? Number.NaN;
    const initRatio = initMs / sdkFloorInitMs;
    console.log(
      `${entry.handler}: ${(entry.rawBytes / 1024).toFixed(1)} KB raw, ${(entry.gzipBytes / 1024).toFixed(1)} KB gz, init ${initMs.toFixed(1)} ms (${initRatio.toFixed(2)} × baseline)`,
    );
    return {
      handler: entry.handler,
      rawBytes: entry.rawBytes,
      gzipBytes: entry.gzipBytes,
      initMs,
      initRatio,
    };
  });
  return {
    emptyInitMs,
    floor: { rawBytes: sdkFloor.rawBytes, gzipBytes: sdkFloor.gzipBytes, initMs: sdkFloorInitMs },
    perHandler: perHandler as HandlerFigures[],
  };
}

const { emptyInitMs, floor, perHandler } = measures('bundles')
  ? await measureBundles()
  : {
      emptyInitMs: lastOf<number>('emptyModuleInitMs'),
      floor: lastOf<{ rawBytes: number; gzipBytes: number; initMs: number }>('dynamodbClientAlone'),
      perHandler: lastOf<HandlerFigures[]>('handlers'),
    };
const sdkFloorInitMs = floor.initMs;
let warm: Awaited<ReturnType<typeof latency>>;
if (measures('warm')) {
  console.log(`warm latency, ${CALLS} calls each after ${WARMUP} warm-up…`);
  warm = await latency();
} else warm = lastOf('warm');

/** Run a part of the bench in a process of its own; what it measured, the JSON of its last line. */
function ownProcess(file: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', file)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
}
/** A part in its own process, or its figures of the last run. */
function part<T>(name: string, key: string, what: string): T {
  if (!measures(name)) return lastOf<T>(key);
  console.log(`${what} (own process)…`);
  const result = ownProcess(`${name}.ts`) as T;
  console.log(JSON.stringify(result));
  return result;
}
const intake = part<IntakeResult>('intake', 'formIntake', 'form intake on the local stack');
const hot = part<HotItemsResult>(
  'hot-items',
  'hotItems',
  'hot items — the day counters, one vs sharded, and the round-robin — under concurrent writers',
);
const cost = costPerMillion(intake.perSubmission);
const lifecycle = part<LifecycleResult>(
  'lifecycle',
  'lifecycle',
  'status automations and the hourly job on the local stack',
);
const reports = part<ReportsResult>(
  'reports',
  'reports',
  'aggregation per stream record, and the monthly report at 1,000 and 100,000 interactions',
);
const deletion = part<DeletionResult>(
  'deletion',
  'deletion',
  'deleting a 10,000-interaction account on the local stack',
);
const merge = part<MergeResult>(
  'merge',
  'merge',
  'merging a 10,000-interaction account into another on the local stack',
);
const searchResult = part<SearchResult>(
  'search',
  'search',
  'search at 1,000 and 100,000 records, and its relevance',
);

const importsResult = part<ImportsResult>(
  'imports',
  'imports',
  'importing contacts files of 10,000 and 100,000 rows, next to BatchWriteItem of the same items',
);

const results = {
  measuredAt: new Date().toISOString(),
  ...(reused.length === 0 ? {} : { reused: { parts: reused, from: last?.measuredAt } }),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
  settings: { initRuns: INIT_RUNS, calls: CALLS, warmup: WARMUP },
  targets: { rawKB: 250, gzipKB: 80, initRatioToBaseline: INIT_RATIO, ratioP50: 1.1 },
  emptyModuleInitMs: emptyInitMs,
  dynamodbClientAlone: floor,
  handlers: perHandler,
  warm,
  formIntake: intake,
  costPerMillionSubmissions: cost,
  hotItems: hot,
  lifecycle,
  reports,
  deletion,
  merge,
  search: searchResult,
  imports: importsResult,
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const mark = (ok: boolean) => (ok ? 'yes' : '**no**');
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const md = [
  '# Benchmark results',
  '',
  `Measured ${results.measuredAt} on Node ${process.version}, ${results.machine.cpus} × ${results.machine.cpuModel}. Run \`npm run bench\` to reproduce.${reused.length === 0 ? '' : ` Taken from the run of ${String(last?.measuredAt)} (not measured again): ${reused.join(', ')}.`}`,
  '',
  '## Bundles and cold start',
  '',
  `Built with the stack's esbuild settings (ESM, minified, the AWS SDK bundled in, the SDK's default credential chain replaced by the environment's provider: Lambda hands a function its credentials there). Init = time to import the bundle in a fresh \`node\` process, median of ${INIT_RUNS}, the runs interleaved (every bundle once per round); an empty module takes **${emptyInitMs.toFixed(1)} ms**. The baseline is what a typical app ships: the bare document client doing one GetItem, built alike but with the default credential chain. Targets: ≤ 250 KB raw, ≤ 80 KB gzipped, init ≤ ${INIT_RATIO} × the baseline's.`,
  '',
  '| handler | raw KB | gzip KB | init ms (p50) | init / baseline | within targets |',
  '|---|---:|---:|---:|---:|---|',
  `| *(baseline: the document client alone, typical build)* | ${kb(floor.rawBytes)} | ${kb(floor.gzipBytes)} | ${sdkFloorInitMs.toFixed(1)} | 1.00 | — |`,
  ...perHandler.map(
    (h) =>
      `| ${h.handler} | ${kb(h.rawBytes)} | ${kb(h.gzipBytes)} | ${h.initMs.toFixed(1)} | ${h.initRatio.toFixed(2)} | ${mark(h.rawBytes <= 250 * 1024 && h.gzipBytes <= 80 * 1024 && h.initRatio <= INIT_RATIO)} |`,
  ),
  '',
  '## Warm latency against DynamoDB Local',
  '',
  `In process, ${CALLS} calls each after ${WARMUP} warm-up, handler and raw SDK calls interleaved. The raw side makes the same DynamoDB calls the handler makes, through the same client. Target: ratio ≤ 1.10 at p50. Every handler admits its caller first (a team member with an allowed role): warm, the membership is cached (at most 30 s), so that costs no call; *caller not cached* looks it up on every call (one Query of the member-by-user index), as the first request of a caller in an environment does once per cache period, against the raw GetItem alone — its difference to *get account* is what admitting an unknown caller costs.`,
  '',
  '| operation | handler p50 ms | handler p99 ms | raw SDK p50 ms | raw SDK p99 ms | ratio p50 | within target |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...Object.entries(warm).map(
    ([name, r]) =>
      `| ${name} | ${r.handler.p50.toFixed(2)} | ${r.handler.p99.toFixed(2)} | ${r.raw.p50.toFixed(2)} | ${r.raw.p99.toFixed(2)} | ${r.ratioP50.toFixed(3)} | ${mark(r.ratioP50 <= 1.1)} |`,
  ),
  '',
  ...intakeSection(intake, cost),
  ...hotItemsSection(hot),
  ...lifecycleSection(lifecycle),
  ...reportsSection(reports),
  ...deletionSection(deletion),
  ...mergeSection(merge),
  ...searchSection(searchResult),
  ...importsSection(importsResult),
];
writeFileSync(join(REPO_ROOT, 'bench', 'RESULTS.md'), md.join('\n'));
console.log('wrote bench/results.json and bench/RESULTS.md');

function lifecycleSection({ statusChange: change, hourlyJob: job }: LifecycleResult): string[] {
  const row = (name: string, observed: string, r: LifecycleResult['statusChange']['order']) =>
    `| ${name} | ${observed} | ${r.changes} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.patchP50Ms.toFixed(1)} | ${r.polls.p50Ms.toFixed(2)} |`;
  const checks = change.checks;
  const count = (n: number) => n.toLocaleString('en-US');
  const [small, large] = [job.sizes[0], job.sizes.at(-1)];
  return [
    '## Status change → automation, end to end on the local stack',
    '',
    `From the PATCH being sent until the automation's effect can be seen: an order moved to fulfilled until its invoice is readable in the table (rule IssueOrderInvoice), a ticket resolved until its satisfaction-survey e-mail is in the local mailbox as an \`.eml\` file (rule SendSatisfactionSurvey queues it, rule SendMail writes it: two trips through the stream and the bus). ${change.changes} changes one after another, the two kinds alternated, after ${change.warmupPerKind} warm-up changes of each; the records were prepared beforehand, and the result is polled every ${change.pollIntervalMs} ms (poll = time of one check). No target is set.`,
    '',
    '| change | done when | changes | p50 ms | p99 ms | max ms | PATCH answered, p50 ms | one poll, p50 ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    row('order → fulfilled', 'invoice readable', change.order),
    row('ticket → resolved', 'survey e-mail written', change.ticket),
    `| all | | ${change.changes} | ${change.overall.p50Ms.toFixed(1)} | ${change.overall.p99Ms.toFixed(1)} | ${change.overall.maxMs.toFixed(1)} | | |`,
    '',
    `Counted back: ${checks.accountsWithExactlyOneInvoice} of ${checks.orders} fulfilled orders have exactly one invoice; ${checks.surveyMailFiles} survey e-mails written for ${checks.resolutions} resolutions (warm-up included), ${checks.surveyMailsMarkedSent} of them marked sent.`,
    '',
    '## The hourly tasks-due job',
    '',
    `The job run for one hour (as Scheduler would invoke it) over ${count(small?.openTasks ?? 0)}${large === small ? '' : ` and then ${count(large?.openTasks ?? 0)}`} open tasks due over 30 days, ${small?.dueInWindow ?? 0} of them falling due in that hour; then again for the same hour (everything already announced), median of ${small?.again.runs ?? 0} runs. *Read* is what DynamoDB returned to the job (its checkpoint, the tasks due in the hour, each assignee once). For comparison, a paginated Query of every open task, next to the job's own key-range Query alone (median of ${small?.fullRead.runs ?? 0} each). Target: the job reads only what falls due, however many tasks the table holds.`,
    '',
    '| open tasks | due in the hour | job ms | read | announced | again, p50 ms | again, read | again, announced | its key range: items, p50 ms | all open tasks: items, p50 ms | reads ratio | reads only what falls due |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...job.sizes.map(
      (s) =>
        `| ${count(s.openTasks)} | ${s.dueInWindow} | ${s.first.ms.toFixed(0)} | ${s.first.read} | ${s.first.announced} | ${s.again.p50Ms.toFixed(0)} | ${s.again.read} | ${s.again.announced} | ${s.windowRead.read}, ${s.windowRead.p50Ms.toFixed(1)} | ${count(s.fullRead.read)}, ${s.fullRead.p50Ms.toFixed(1)} | ${s.readRatio.toFixed(1)} × | ${mark(s.windowRead.read === s.dueInWindow && s.first.due === s.dueInWindow && s.again.read === s.first.read && s.first.read === small?.first.read)} |`,
    ),
    '',
  ];
}

function reportsSection({ settings, aggregation: agg, monthly }: ReportsResult): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const per = (n: number) => n.toFixed(2);
  type Summary = ReportsResult['aggregation']['first']['all'];
  const cells = (r: Summary) =>
    `${r.p50Us} | ${r.p99Us} | ${r.meanUs} | ${r.meanOutsideSendUs} | ${per(r.readsPerEvent)} | ${per(r.writesPerEvent)} | ${per(r.refusedWritesPerEvent)} | ${per(r.callsPerEvent)}`;
  const outcomes = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([outcome, n]) => `${n} ${outcome}`)
      .join(', ');
  const ratio = monthly.ratio;
  const seed = monthly.seed;
  const [small, large] = [monthly.sizes[0], monthly.sizes.at(-1)];
  return [
    '## Daily aggregates: cost per stream record',
    '',
    `\`countOnce\` (the work of rule AggregateDailyStats) on ${count(agg.events)} domain events of the counted detail-types, built by the relay's own mapping from realistic record changes over two months (accounts created and moving stage, deals created, moved, won and lost, tickets opened, moved and resolved, sales and service interactions with and without a ticket and a duration, survey answers), one after another against DynamoDB Local; then the same events again, as a redelivery brings them. *Reads* and *writes* are items per event as counted on the SDK client (a GetItem reads 1, a transaction of n items writes n; *refused* = the items of a transaction whose condition failed, i.e. nothing written); *outside send* is the part of the mean spent outside the SDK call. No target is set.`,
    '',
    '| event | events | outcome | p50 µs | p99 µs | mean µs | outside send, mean µs | reads | writes | refused | calls |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...agg.first.byKind.map((k) => `| ${k.kind} | ${k.events} | ${outcomes(k.outcomes)} | ${cells(k)} |`),
    `| **all, first delivery** | ${agg.first.all.events} | ${outcomes(agg.first.outcomes)} | ${cells(agg.first.all)} |`,
    `| **counted ones only** | ${agg.first.counted.events} | counted | ${cells(agg.first.counted)} |`,
    `| **all, delivered again** | ${agg.again.all.events} | ${outcomes(agg.again.outcomes)} | ${cells(agg.again.all)} |`,
    `| **counted ones, again** | ${agg.again.counted.events} | already counted | ${cells(agg.again.counted)} |`,
    '',
    `Counted back: ${agg.checks.mismatches.length === 0 ? 'every plain counter (accounts created, deals opened / won / lost, tickets opened / resolved, service interactions, surveys answered) equals what the events add up to' : `**counters off**: ${agg.checks.mismatches.map((m) => `${m.counter} ${m.counted} ≠ ${m.expected}`).join(', ')}`}; the second delivery ${agg.checks.unchangedByRedelivery ? 'left every counter unchanged' : '**changed counters**'}. First pass ${agg.first.seconds} s, second ${agg.again.seconds} s.`,
    '',
    `## The monthly report at ${monthly.sizes.map((s) => count(s.interactions)).join(' and ')} interactions`,
    '',
    `The report of ${seed.month.slice(0, 7)} made from ${count(seed.events)} events counted into that month and the one before (${seed.dayItems} day items), ${count(seed.accounts)} accounts, ${seed.openDeals} open deals, ${seed.unresolvedTickets} unresolved tickets and ${seed.openTasks} open tasks; then ${count(small?.interactions ?? 0)}${large === small ? '' : ` and ${count(large?.interactions ?? 0)}`} interactions written straight to the table (BatchWriteItem, 25 a request, several at once). \`makeReport\`: median of ${settings.reportRuns} runs after ${settings.reportWarmupMs / 1000} s of untimed ones (${small?.report.warmup ?? 0} at the first size); *read* = items DynamoDB returned or examined for it. For contrast, the month's service interactions counted from the rows (every account's interactions queried and filtered, median of ${settings.rowRuns} after one warm-up). \`generateReport\` = figures, CSV and HTML files and the stored record, once. Target: the report's time and reads grow by at most ${settings.targetRatio} × from the smaller table to the larger.`,
    '',
    '| interactions | written just before | report p50 ms | report min ms | report read | DynamoDB calls | from the rows: items read | from the rows: p50 ms | generateReport ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...monthly.sizes.map(
      (s) =>
        `| ${count(s.interactions)} | ${count(s.added)} in ${(s.writeMs / 1000).toFixed(1)} s (${count(s.writePerSecond)}/s) | ${s.report.p50Ms.toFixed(1)} | ${s.report.minMs.toFixed(1)} | ${count(s.report.read)} | ${s.report.calls} | ${count(s.rows.read)} | ${s.rows.p50Ms.toFixed(0)} | ${s.generate.ms.toFixed(0)} |`,
    ),
    ...(ratio === null
      ? []
      : [
          `| **ratio** | | **${ratio.reportTime.toFixed(2)} ×** | | **${ratio.reportReads.toFixed(2)} ×** | | ${ratio.rowsReads.toFixed(1)} × | ${ratio.rowsTime.toFixed(1)} × | ${ratio.generateTime.toFixed(2)} × |`,
        ]),
    '',
    ratio === null
      ? 'Only one size was measured (BENCH_REPORT_INTERACTIONS ≤ 1,000): no ratio.'
      : `Ratio target (≤ ${settings.targetRatio} × in time and in reads): ${monthly.withinTarget ? 'met' : '**not met**'}; the report's figures were ${monthly.sameFigures ? 'identical' : '**different**'} at both sizes, and ${ratio.reportReads === 1 ? 'its reads did not change with the interactions (they follow the days, the accounts and the open work)' : '**its reads changed with the interactions**'}.`,
    '',
  ];
}

function deletionSection(d: DeletionResult): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  return [
    '## Deleting a big account, end to end on the local stack',
    '',
    `An account with ${count(d.interactions)} interactions and ${count(d.contacts)} contacts (each with its e-mail claim; ${count(d.itemsBefore)} items in its partition), deleted with \`DELETE /accounts/{id}?cascade=true\` over HTTP and its deletion polled until done: the request only accepts it; the runs chain through the stream and the bus, each at most 20 batches of one transaction (≤ 99 items and the deletion's counts). Target: every run well inside a rule function's 30 s; nothing left but the deletion record; every removal announced.`,
    '',
    '| accepted in ms | done in s | runs | batches | longest run s | removed | items/s | left in partition | InteractionDeleted | ContactDeleted | AccountDeleted | within targets |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${d.acceptedMs} | ${(d.doneMs / 1000).toFixed(1)} | ${d.runs} | ${d.batches} | ${(d.longestRunMs / 1000).toFixed(1)} | ${count(d.removedTotal)} | ${count(d.itemsPerSecond)} | ${d.left} | ${count(d.announced.InteractionDeleted)} | ${count(d.announced.ContactDeleted)} | ${d.announced.AccountDeleted} | ${mark(d.longestRunMs < 15_000 && d.left === 1 && d.announced.InteractionDeleted === d.interactions && d.announced.ContactDeleted === d.contacts && d.announced.AccountDeleted === 1)} |`,
    '',
  ];
}

function mergeSection(m: MergeResult): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const quiet =
    m.announced.ContactCreated === 0 &&
    m.announced.InteractionLogged === 0 &&
    m.announced.ContactDeleted === 0 &&
    m.announced.InteractionDeleted === 0;
  return [
    '## Merging a big account, end to end on the local stack',
    '',
    `The same account (${count(m.interactions)} interactions, ${count(m.contacts)} contacts with their e-mail claims; ${count(m.itemsBefore)} items in its partition) merged into a new one with \`POST /accounts/{id}/merge\` over HTTP and the merge polled until done. Each record moves as two writes (a stub at its old key, the record anew under the survivor) with its claims, ≤ 49 records per transaction, 20 batches per run. Targets: every run well inside a rule function's 30 s; everything moved; nothing of the merged account left but its merge record (besides the stubs and its own history); one AccountMerged and nothing announced of the moved records.`,
    '',
    '| accepted in ms | done in s | runs | batches | longest run s | moved | records/s | survivor items | left | AccountMerged | moved records announced | within targets |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${m.acceptedMs} | ${(m.doneMs / 1000).toFixed(1)} | ${m.runs} | ${m.batches} | ${(m.longestRunMs / 1000).toFixed(1)} | ${count(m.movedTotal)} | ${count(m.recordsPerSecond)} | ${count(m.survivorItems)} | ${m.left} | ${m.announced.AccountMerged} | ${quiet ? 0 : '**some**'} | ${mark(m.longestRunMs < 15_000 && m.left === 1 && m.announced.AccountMerged === 1 && quiet && m.movedTotal >= m.interactions + m.contacts)} |`,
    '',
  ];
}

function importsSection(result: ImportsResult): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const big = result.runs.find((run) => run.raw !== undefined);
  return [
    '## Importing contacts files',
    '',
    `A HubSpot-style contacts file (first and last name, e-mail, phone, company, job title; 4 people a company, every 10th company's people on free mail so they join by the company's name) imported on DynamoDB Local: accepted, split into chunks of 1,000 rows, the chunks worked on by ${result.workers} workers at once (as the local bus runs a rule), each size in a fresh process and a fresh DynamoDB Local. Then every item the largest import left was written again, as it is, by ${result.workers} writers with plain \`BatchWriteItem\` into a fresh DynamoDB Local: the same items without the import's reads, conditions and transactions. Peak memory is the importing process's resident set, sampled every 50 ms. Targets: rows/s ≥ ${result.targets.ratioToRaw} × BatchWriteItem's; peak memory at the largest size ≤ ${result.targets.memoryRatio} × the smallest's (the file streams).`,
    '',
    '| rows | chunks | s | rows/s | created | accounts made | items written | peak RSS MB (at start) | BatchWriteItem s | BatchWriteItem rows/s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.runs.map(
      (run) =>
        `| ${count(run.rows)} | ${run.chunks} | ${run.seconds.toFixed(1)} | ${count(run.rowsPerSecond)} | ${count(run.counts.created ?? 0)} | ${count(run.counts.accountsCreated ?? 0)} | ${count(run.items)} | ${run.peakRssMB} (${run.baseRssMB}) | ${run.raw === undefined ? '—' : run.raw.seconds.toFixed(1)} | ${run.raw === undefined ? '—' : count(run.raw.rowsPerSecond)} |`,
    ),
    '',
    `Import ÷ BatchWriteItem at ${big === undefined ? '—' : count(big.rows)} rows: **${result.ratioToRaw.toFixed(2)} ×** (target ≥ ${result.targets.ratioToRaw}: ${result.ratioToRaw >= result.targets.ratioToRaw ? 'met' : '**not met**'}). Peak memory, largest ÷ smallest: **${result.memoryRatio.toFixed(2)} ×** (target ≤ ${result.targets.memoryRatio}: ${result.memoryRatio <= result.targets.memoryRatio ? 'met' : '**not met**'}).`,
    '',
  ];
}

function searchSection(result: SearchResult): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const size = (label: string, r: SearchResult['small']) =>
    `| ${label} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.itemsRead.p50} | ${r.itemsRead.p99} | ${r.itemsRead.max} | ${r.recallAt5.toFixed(3)} |`;
  const w = result.writesPerChange;
  const kinds = Object.entries(result.large.byKind).map(
    ([kind, n]) => `| ${kind} | ${n.queries} | ${result.small.byKind[kind]?.found ?? 0} | ${n.found} |`,
  );
  return [
    '',
    '## Search at 1,000 and 100,000 records',
    '',
    `\`GET /search\`'s service as an admin (visibility and result lines included) against DynamoDB Local in memory, ${result.small.queries} queries × ${result.small.runs} runs at each size after one untimed pass: the ${result.labelled} labelled queries below and ${result.small.queries - result.labelled} as-you-type prefixes ("be", "mü", "ber con", "+49 30", …). The records are seeded accounts, contacts, deals and tickets with German and Dutch names (${count(result.records.byType.account)} / ${count(result.records.byType.contact)} / ${count(result.records.byType.deal)} / ${count(result.records.byType.ticket)} at the large size), their index loaded in bulk exactly as the rule writes it (${count(result.loaded.largeItems)} items). Items read: entries as DynamoDB scanned them (before a filter), documents and accounts. Targets: ratio of the sizes ≤ ${result.targets.ratio}, recall@5 ≥ ${result.targets.recallAt5}.`,
    '',
    '| records | p50 ms | p99 ms | items read p50 | p99 | max | recall@5 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    size(count(result.records.small), result.small),
    size(count(result.records.large), result.large),
    '',
    `Ratio ${count(result.records.large)} / ${count(result.records.small)}: **${result.ratio.p50.toFixed(3)}** at p50, **${result.ratio.p99.toFixed(3)}** at p99 — within target: ${mark(result.ratio.p50 <= result.targets.ratio && result.ratio.p99 <= result.targets.ratio)}. Recall@5 within target at both sizes: ${mark(result.small.recallAt5 >= result.targets.recallAt5 && result.large.recallAt5 >= result.targets.recallAt5)}.`,
    '',
    'Relevance by kind of query (built from the first 1,000 records as a user would type them; the record meant in the top 5):',
    '',
    `| query | labelled | found at ${count(result.records.small)} | found at ${count(result.records.large)} |`,
    '|---|---:|---:|---:|',
    ...kinds,
    '',
    'Index writes per record change (items written; entries are written in one transaction with their document, so each costs twice a plain write):',
    '',
    '| new account | new contact | new deal | new ticket | change of no searched word, same day | one word of the name changed | redelivered | change on a new day | removal |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${w.newAccount} | ${w.newContact} | ${w.newDeal} | ${w.newTicket} | ${w.sameDayNoSearchedWord} | ${w.renameOneWord} | ${w.redelivered} | ${w.newDay} | ${w.removal} |`,
  ];
}

interface IntakeResult {
  idle: {
    seconds: number;
    restSeconds: number;
    runtimeShare: number;
    dynamodbLocalShare: number;
    targetShare: number;
  };
  latency: { submissions: number; p50Ms: number; p99Ms: number };
  intake: {
    seconds: number;
    clients: number;
    sent: number;
    accepted: number;
    perSecond: number;
    stored: number;
    processed: number;
    lost: number;
    duplicated: number;
    drainSeconds: number;
    processedPerSecond: number;
    writesPerSubmission: number;
    raw: {
      writes: number;
      seconds: number;
      refused: number;
      perSecond: number;
      ratio: number;
      targetRatio: number;
    };
  };
  perSubmission: {
    submissions: number;
    dynamodb: {
      reads: number;
      writes: number;
      readUnits: number;
      writeUnits: number;
      indexWriteUnits: number;
      calls: Record<string, number>;
      byHandler: Record<string, { readUnits: number; writeUnits: number }>;
    };
    invocations: Record<string, { count: number; msEach: number }>;
    events: number;
    mails: number;
  };
}

interface HotItemsResult {
  counters: {
    shards: number;
    events: number;
    writers: number;
    failed: number;
    conflicts: number;
    seconds: number;
    perSecond: number;
    busiestItemShare: number;
    largestItemBytes: number;
    writeUnitsPerEvent: number;
    eventsPerSecondPerItem: number;
  }[];
  roundRobin: {
    atomic: { turns: number; writers: number; failed: number; perSecond: number; picks: number[] };
    tickets: {
      tickets: number;
      writers: number;
      created: number;
      refused: number;
      other: number;
      turnsTakenByOthers: number;
      transactionsPerTicket: number;
      p50Ms: number;
      p99Ms: number;
      picks: number[];
    };
  };
}

function intakeSection(
  intake: IntakeResult,
  cost: { readonly lines: CostLine[]; readonly total: number },
): string[] {
  const { raw } = intake.intake;
  const work = intake.perSubmission;
  const handlers = Object.entries(work.invocations).sort(([a], [b]) => (a < b ? -1 : 1));
  const units = work.dynamodb.byHandler;
  return [
    '## Form intake, end to end on the local stack',
    '',
    `A lead submission over HTTP until its automation has finished (contact, interaction and follow-up task written, submission marked processed): the table's stream, the relay, the bus and the rule's handler in between. ${intake.latency.submissions} submissions one after another. Targets: p50 ≤ 150 ms, p99 ≤ 400 ms.`,
    '',
    '| p50 ms | p99 ms | within targets |',
    '|---:|---:|---|',
    `| ${intake.latency.p50Ms.toFixed(1)} | ${intake.latency.p99Ms.toFixed(1)} | ${mark(intake.latency.p50Ms <= 150 && intake.latency.p99Ms <= 400)} |`,
    '',
    `Sustained intake: ${intake.intake.clients} concurrent clients for ${intake.intake.seconds} s (rate limit off), then every submission counted back. Next to it, the same submissions' own writes (one transaction each: the submission and its idempotency claim — a visitor's submission reads its form from the instance's copy, at most every 5 s) sent to the same DynamoDB Local alone from as many clients: the ceiling the embedded database sets for intake. Target: end to end ≥ ${raw.targetRatio} × that.`,
    '',
    '| sent | accepted (202) | per second | DynamoDB Local alone, per second | ratio | within target | stored | processed | lost | duplicated | backlog drained in | processed per second (drain included) |',
    '|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    `| ${intake.intake.sent} | ${intake.intake.accepted} | ${intake.intake.perSecond.toFixed(1)} | ${raw.perSecond.toFixed(1)} | ${raw.ratio.toFixed(2)} | ${mark(raw.ratio >= raw.targetRatio)} | ${intake.intake.stored} | ${intake.intake.processed} | ${intake.intake.lost} | ${intake.intake.duplicated} | ${intake.intake.drainSeconds} s | ${intake.intake.processedPerSecond.toFixed(1)} |`,
    '',
    `While the clients send, every submission's automations run on the same database: ${intake.intake.writesPerSubmission.toFixed(1)} writes per submission in all, of which the submission's own is one — that, not the stack, is what holds intake below the database's figure for the submission's own writes.`,
    '',
    `Idle, before both: the CPU the local stack uses with nothing to do, over ${intake.idle.seconds} s after ${intake.idle.restSeconds} s at rest (DynamoDB Local's JIT compiler is still at its start's code until then), as a share of one core — the runtime's process (the stream poller rests between writes: its pauses grow to 3 s, and each write by a handler wakes it) and DynamoDB Local's (serial garbage collector). Target: ≤ ${percent(intake.idle.targetShare)} together.`,
    '',
    '| runtime | DynamoDB Local | together | within target |',
    '|---:|---:|---:|---|',
    `| ${percent(intake.idle.runtimeShare)} | ${percent(intake.idle.dynamodbLocalShare)} | ${percent(intake.idle.runtimeShare + intake.idle.dynamodbLocalShare)} | ${mark(intake.idle.runtimeShare + intake.idle.dynamodbLocalShare <= intake.idle.targetShare)} |`,
    '',
    '## What a form submission costs on AWS',
    '',
    `${work.submissions} lead submissions posted one at a time, each left to finish everything it set off, metered on the local stack: the DynamoDB units of every call, each handler's invocations and their time, the events on the bus, the mails. Read units are DynamoDB Local's own (4 KB a unit, strongly consistent reads double). Write units are counted by AWS's rules (bench/capacity.ts) from each item as it was before and after the write (in a second pass of as many submissions: reading each item slows the writes, which the first pass times), since DynamoDB Local reports 2 for a transaction of any number of small items: 1 unit per started KB of the larger image, every action of a transaction twice (condition checks too), and 1 per started KB for each global secondary index the item enters, leaves or changes in (all four project every attribute). Per submission:`,
    '',
    '| handler | invocations | ms each (local) | write units | read units |',
    '|---|---:|---:|---:|---:|',
    ...handlers.map(
      ([name, { count, msEach }]) =>
        `| ${name} | ${count.toFixed(2)} | ${msEach.toFixed(1)} | ${(units[name]?.writeUnits ?? 0).toFixed(1)} | ${(units[name]?.readUnits ?? 0).toFixed(1)} |`,
    ),
    `| **all** | ${handlers.reduce((sum, [, { count }]) => sum + count, 0).toFixed(2)} | | ${work.dynamodb.writeUnits.toFixed(1)} | ${work.dynamodb.readUnits.toFixed(1)} |`,
    '',
    `Of the write units, ${work.dynamodb.indexWriteUnits.toFixed(1)} are index writes. DynamoDB calls per submission: ${Object.entries(
      work.dynamodb.calls,
    )
      .map(([name, count]) => `${name} ${count.toFixed(2)}`)
      .join(', ')}; events on the bus: ${work.events.toFixed(1)}; mails: ${work.mails.toFixed(2)}.`,
    '',
    `The bill for 1,000,000 such submissions (us-east-1, on demand; every function ${FUNCTION_GB * 1024} MB on arm64 at $${PRICES.lambdaGbSecond} per GB-s, billed per ms; durations as measured locally, where DynamoDB Local answers a write in 10–40 ms against DynamoDB's few ms, so compute is an upper bound). Not in it: CloudWatch Logs ($0.50 per GB ingested), X-Ray traces (sampled), storage. Target: ≤ $${TARGET_PER_MILLION}.`,
    '',
    '| item | per submission | $ per million submissions |',
    '|---|---:|---:|',
    ...cost.lines.map(
      (line) => `| ${line.item} | ${line.perSubmission} | ${line.dollarsPerMillion.toFixed(2)} |`,
    ),
    `| **total** | | **${cost.total.toFixed(2)}** (${mark(cost.total <= TARGET_PER_MILLION)}) |`,
    '',
  ];
}

function hotItemsSection(hot: HotItemsResult): string[] {
  const [one, sharded] = hot.counters;
  const row = (r: HotItemsResult['counters'][number]) =>
    `| ${r.shards} | ${r.events} | ${r.writers} | ${r.conflicts} | ${r.failed} | ${r.perSecond.toFixed(0)} | ${(r.busiestItemShare * 100).toFixed(1)} % | ${r.largestItemBytes} | ${r.writeUnitsPerEvent} | ${r.eventsPerSecondPerItem.toFixed(0)} |`;
  const { atomic, tickets } = hot.roundRobin;
  return [
    '## Single hot items under concurrent writers',
    '',
    `The day's counters: ${one?.events ?? 0} counted events of one day (accounts, deals of 25 owners won and lost in two currencies, tickets) from ${one?.writers ?? 0} concurrent writers, as many aggregation instances would send them, into one item and into the day's shards (the event id picks one). DynamoDB Local runs one transaction on an item at a time and reports no conflicts (DynamoDB would cancel the overlapping ones with TransactionConflict, retried up to 6 times and then sent to the rule's dead-letter queue); what it shows is the wait: the events a second it gets through, and how much of the writing lands on the busiest item. The capacity model: one partition takes 1,000 write units a second; a transactional write costs 2 units per KB of the item.`,
    '',
    '| shards | events | writers | conflicts | failed | events per second (DynamoDB Local) | busiest item | largest item (bytes) | write units per event on it | events per second one item takes on AWS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...(one === undefined ? [] : [row(one)]),
    ...(sharded === undefined ? [] : [row(sharded)]),
    '',
    `The round-robin: ${atomic.turns} turns for the service role from ${atomic.writers} concurrent writers (the atomic counter lead and support forms use): ${atomic.failed} failed, ${atomic.perSecond.toFixed(0)} a second, picks per member ${atomic.picks.join(' / ')}. And ${tickets.tickets} POST /tickets without an assignee from ${tickets.writers} concurrent clients (the turn is taken in the ticket's own transaction on the condition nobody took it meanwhile, so a refused ticket writes nothing; a ticket that lost that race takes the next turn with the atomic counter, given back if the ticket is refused after all):`,
    '',
    '| tickets | created | refused (409) | other | turns lost to a racing ticket | transactions per ticket | p50 ms | p99 ms | tickets per member |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${tickets.tickets} | ${tickets.created} | ${tickets.refused} | ${tickets.other} | ${tickets.turnsTakenByOthers} | ${tickets.transactionsPerTicket.toFixed(2)} | ${tickets.p50Ms.toFixed(0)} | ${tickets.p99Ms.toFixed(0)} | ${tickets.picks.join(' / ')} |`,
    '',
    "Before (3 Dec, the same run of 160 tickets from 16 clients): the turn was read, then taken in the ticket's transaction on the condition it had not moved — 130 created, 30 refused with 409 after 10 attempts each, 772 turns lost to racing tickets, 5.64 transactions per ticket, p50 834 ms, p99 2,143 ms.",
    '',
  ];
}
