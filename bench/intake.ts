// Form intake, end to end on the local stack (run by bench/run.ts in its own process, printing JSON):
//   1. latency: a lead submission over HTTP until its automation has finished (contact, interaction and
//      task written, the submission marked processed), p50/p99 over N sequential submissions;
//   2. sustained intake: submissions/s for D seconds from C concurrent clients (rate limit off), then
//      counted back: accepted vs stored vs processed — none lost, none twice. Metered meanwhile: each
//      submission's DynamoDB calls and units, handler invocations and their time, events and mails (the
//      cost model, bench/cost.ts); then the same writes replayed against DynamoDB Local alone, from C
//      clients: the embedded database's ceiling for this work, in the same run;
//   0. before both, idle: the CPU the runtime (this process) and DynamoDB Local (its child) use over I seconds
//      with nothing to do, as a share of one core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Invocations, meterInvocations, startRuntime } from '../local/runtime.ts';
import { ensureTable } from '../local/table.ts';
import { meterTable, replayWrites } from './meter.ts';
import { percentile } from './shared.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const METERED = Number(process.env.BENCH_METERED ?? 50);
const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_INTAKE_CLIENTS ?? 8);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const TARGET_IDLE_SHARE = 0.02;
/** Rest before the idle measure: DynamoDB Local's JIT compiler is still at its start's code for ~40 s. */
const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 45);
const TARGET_RAW_RATIO = 0.8;

/** Lines in a JSON Lines file (events archived: each one the bus carried). */
const linesOf = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '').length
    : 0;
/** Files under `dir` (mails in the local mailbox). */
const filesUnder = (dir: string): number =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, entry) => sum + (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : 1),
        0,
      )
    : 0;

/** A submission's own write: the transaction putting it (first item `FORM#…`/`SUBMISSION#…`) and its claim. */
function isSubmissionWrite(write: { operation: string; input: Record<string, unknown> }): boolean {
  if (write.operation !== 'TransactWriteItems') return false;
  const [first] = write.input.TransactItems as { Put?: { Item?: { sk?: { S?: string } } } }[];
  return first?.Put?.Item?.sk?.S?.startsWith('SUBMISSION#') === true;
}

/** Invocations per handler between two snapshots. */
function invocationsBetween(
  before: ReadonlyMap<string, Invocations>,
  after: ReadonlyMap<string, Invocations>,
): Record<string, Invocations> {
  const between: Record<string, Invocations> = {};
  for (const [name, now] of after) {
    const was = before.get(name) ?? { count: 0, ms: 0 };
    if (now.count > was.count) between[name] = { count: now.count - was.count, ms: now.ms - was.ms };
  }
  return between;
}

/** CPU seconds used so far by the processes descended from this one (DynamoDB Local), from /proc. */
function childrenCpuSeconds(): number {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const parents = new Map<number, number>();
  const used = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // After the command's closing parenthesis: state, ppid, … utime (14th field), stime (15th).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      used.set(Number(name), (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // The process ended while being read: it uses nothing any more.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  return [...ours].reduce((sum, pid) => sum + (used.get(pid) ?? 0), 0);
}

process.env.RATE_LIMIT = 'off';
process.env.LOG_LEVEL ??= 'ERROR';
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-intake-'));
meterInvocations();
const runtime = await startRuntime({ port: 0, dataDir, dynamodbPort: 0, log: () => undefined });
const auth = { authorization: `Bearer ${runtime.devToken}`, 'content-type': 'application/json' };

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

type Page = { items: { id: string; status: string }[]; nextCursor: string | null };

async function allSubmissions(formId: string) {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await api('GET', `/forms/${formId}/submissions?${query}`)).json as unknown as Page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

try {
  await api('POST', '/team', { name: 'Bench Sales', email: 'sales@bench.test', roles: ['sales'] });
  const form = await api('POST', '/forms', {
    name: 'Bench lead form',
    kind: 'lead',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
      { name: 'message', label: 'Message', type: 'textarea' },
    ],
  });
  const formId = String(form.json?.id);

  // 0. idle: nothing sent; what the runtime and DynamoDB Local use by themselves
  await runtime.settle();
  // At rest first: DynamoDB Local's JIT compiler is done with the start (it uses ~1 % of a core until then).
  await new Promise((resolve) => setTimeout(resolve, REST_SECONDS * 1000));
  const idleFrom = { at: performance.now(), self: process.cpuUsage(), children: childrenCpuSeconds() };
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const idleSeconds = (performance.now() - idleFrom.at) / 1000;
  const selfUsage = process.cpuUsage(idleFrom.self);
  const idle = {
    seconds: Math.round(idleSeconds * 10) / 10,
    runtimeShare: (selfUsage.user + selfUsage.system) / 1e6 / idleSeconds,
    dynamodbLocalShare: (childrenCpuSeconds() - idleFrom.children) / idleSeconds,
    restSeconds: REST_SECONDS,
    targetShare: TARGET_IDLE_SHARE,
  };

  const post = (index: number, run: string) =>
    api(
      'POST',
      `/forms/${formId}/submissions`,
      {
        name: `Visitor ${index}`,
        email: `visitor.${run}.${index}@bench.example`,
        message: 'Please call me back.',
      },
      { 'content-type': 'application/json' },
    );

  // 1. latency, one at a time
  const latencies: number[] = [];
  for (let index = 0; index < SUBMISSIONS; index++) {
    const started = performance.now();
    const accepted = await post(index, 'latency');
    if (accepted.status !== 202) throw new Error(`submission answered ${accepted.status}`);
    const id = String(accepted.json?.submissionId);
    for (;;) {
      const page = (await api('GET', `/forms/${formId}/submissions?limit=1`)).json as unknown as Page;
      if (page.items[0]?.id === id && page.items[0].status === 'processed') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
  }

  // 1b. what one submission costs: each posted alone, then everything it set off left to finish (no polling
  // of ours in between), metered. Twice: first the calls, invocations and their time, events and mails; then
  // the write units, whose count reads every written item before and after (which would slow the handlers
  // the first pass times).
  await runtime.settle();
  const { dynamodb: handlerTable } = await import('../functions/platform/clients.ts');
  const archive = join(dataDir, 'events.jsonl');
  const mailbox = join(dataDir, 'mail');
  const meteredRun = async (meter: ReturnType<typeof meterTable>, run: string) => {
    meter.start();
    for (let index = 0; index < METERED; index++) {
      const answer = await post(index, run);
      if (answer.status !== 202) throw new Error(`submission answered ${answer.status}`);
      await runtime.settle();
    }
    return meter.stop();
  };
  const before = { invocations: runtime.invocations(), events: linesOf(archive), mails: filesUnder(mailbox) };
  const metered = await meteredRun(meterTable(handlerTable), 'metered');
  const invocations = invocationsBetween(before.invocations, runtime.invocations());
  const events = linesOf(archive) - before.events;
  const mails = filesUnder(mailbox) - before.mails;
  const reader = new DynamoDBClient({ endpoint: runtime.dynamodbEndpoint });
  const units = await meteredRun(meterTable(handlerTable, reader), 'units');
  reader.destroy();
  const per = (value: number) => value / METERED;

  // 2. sustained intake
  const intakeForm = await api('POST', '/forms', {
    name: 'Bench intake form',
    kind: 'lead',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
    ],
  });
  const intakeId = String(intakeForm.json?.id);
  await runtime.settle();
  const meter = meterTable(handlerTable);
  meter.start();
  let accepted = 0;
  let refused = 0;
  let counter = 0;
  const until = Date.now() + INTAKE_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const index = counter++;
        const response = await api(
          'POST',
          `/forms/${intakeId}/submissions`,
          { name: `Load ${index}`, email: `load.${index}@bench.example` },
          { 'content-type': 'application/json' },
        );
        if (response.status === 202) accepted++;
        else refused++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const drainStarted = performance.now();
  await runtime.settle();
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  meter.stop();
  const stored = await allSubmissions(intakeId);
  const ids = new Set(stored.map((item) => item.id));

  // The submissions' own writes (one transaction each: the submission and its claim) against DynamoDB Local
  // alone, into a table of their own (made alike, its stream on), from as many clients.
  const raw = new DynamoDBClient({ endpoint: runtime.dynamodbEndpoint });
  await ensureTable(raw, 'replay');
  const own = meter.writes().filter(isSubmissionWrite);
  const replay = await replayWrites(raw, own, 'replay', CLIENTS);
  raw.destroy();
  const endToEndSeconds = seconds + drainSeconds;
  const result = {
    idle,
    latency: {
      submissions: SUBMISSIONS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      targets: { p50Ms: 150, p99Ms: 400 },
    },
    intake: {
      seconds: Math.round(seconds * 10) / 10,
      clients: CLIENTS,
      sent: counter,
      accepted,
      refused,
      perSecond: accepted / seconds,
      stored: stored.length,
      distinct: ids.size,
      processed: stored.filter((item) => item.status === 'processed').length,
      lost: accepted - ids.size,
      duplicated: stored.length - ids.size,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      // Accepted and processed (the drain included).
      processedPerSecond: accepted / endToEndSeconds,
      // The same submissions' own writes on DynamoDB Local alone: the ceiling of intake on this database.
      raw: {
        writes: own.length,
        seconds: Math.round(replay.seconds * 10) / 10,
        refused: replay.refused,
        perSecond: own.length / replay.seconds,
        ratio: accepted / seconds / (own.length / replay.seconds),
        targetRatio: TARGET_RAW_RATIO,
      },
      writesPerSubmission: meter.writes().length / accepted,
    },
    perSubmission: {
      submissions: METERED,
      dynamodb: {
        reads: per(metered.reads),
        writes: per(metered.writes),
        readUnits: per(metered.readUnits),
        writeUnits: per(units.writeUnits),
        indexWriteUnits: per(units.indexWriteUnits),
        calls: Object.fromEntries(Object.entries(metered.calls).map(([name, count]) => [name, per(count)])),
        byHandler: Object.fromEntries(
          [...new Set([...Object.keys(metered.byHandler), ...Object.keys(units.byHandler)])].map((name) => [
            name,
            {
              readUnits: per(metered.byHandler[name]?.readUnits ?? 0),
              writeUnits: per(units.byHandler[name]?.writeUnits ?? 0),
            },
          ]),
        ),
      },
      invocations: Object.fromEntries(
        Object.entries(invocations).map(([name, { count, ms }]) => [
          name,
          { count: per(count), msEach: ms / count },
        ]),
      ),
      events: per(events),
      mails: per(mails),
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
