// Status automations and the hourly job, on the local stack (run by bench/run.ts in its own process, or
// alone with `npx tsx bench/lifecycle.ts`; prints one JSON line, progress on stderr):
//   1. status change → automation finished: PATCH an order to fulfilled until its invoice is readable, PATCH
//      a ticket to resolved until the survey e-mail's .eml file is in the local mailbox; N changes one after
//      another, the two kinds alternated, the records prepared beforehand;
//   2. the hourly tasks-due job over 1,000, then 10,000 open tasks, the same number falling due in each run's
//      hour: its time and what DynamoDB returned to it, a second run for the same hour, and a full read of the
//      open tasks for comparison.
// Sizes: BENCH_CHANGES (200), BENCH_TASKS (10000), BENCH_DUE_IN_WINDOW (20).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { announceDueTasks } from '../functions/work/due-tasks.ts';
import { LOCAL_TABLE_NAME, startRuntime } from '../local/runtime.ts';
import { percentile } from './shared.ts';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const SMALL_TASKS = Math.min(1_000, TASKS);
const DUE_IN_WINDOW = Number(process.env.BENCH_DUE_IN_WINDOW ?? 20);
/** Untimed changes of each kind first: the rule handlers load on their first event. */
const WARMUP = 5;
const POLL_INTERVAL_MS = 2;
const RERUNS = 5;
const FULL_READS = 3;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

process.env.RATE_LIMIT = 'off';
// The job is run by hand for a chosen hour; the cron firing at the top of the hour would race it.
process.env.CRON = 'off';
process.env.LOG_LEVEL ??= 'ERROR';
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-lifecycle-'));
const mailDir = join(dataDir, 'mail');
const runtime = await startRuntime({ port: 0, dataDir, dynamodbPort: 0, log: () => undefined });
// Imported once the runtime has set the environment the handlers' modules read.
const { documentClient } = await import('../functions/platform/clients.ts');
const { BatchWriteCommand, GetCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
const { derivedId } = await import('../functions/platform/keys.ts');
const { indexAttributes } = await import('../functions/platform/entity.ts');
const { invoiceKey } = await import('../functions/orders/entity.ts');
const { newTask } = await import('../functions/work/task.ts');
const { mailKey, taskItem, tasks } = await import('../functions/work/entity.ts');

const auth = { authorization: `Bearer ${runtime.devToken}`, 'content-type': 'application/json' };
const progress = (line: string) => process.stderr.write(`lifecycle: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  return { status: response.status, json };
}

/** The call, which must answer `expected`; its JSON body. */
async function must(expected: number, method: string, path: string, body?: unknown) {
  const response = await api(method, path, body);
  if (response.status !== expected) {
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.json)}`);
  }
  return response.json;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const stats = (values: number[]) => ({
  p50Ms: round(percentile(values, 50)),
  p99Ms: round(percentile(values, 99)),
  maxMs: round(Math.max(...values)),
});

// ---------------------------------------------------------------- 1. status change → automation
interface Prepared {
  readonly accountId: string;
  readonly orderId: string;
  readonly ticketId: string;
}

let prepared = 0;
/** An account with one contact (own address), one order in fulfilment and one new ticket from that contact. */
async function prepare(run: string): Promise<Prepared> {
  const index = prepared++;
  const account = await must(201, 'POST', '/accounts', { name: `Lifecycle Co ${index} ${run}` });
  const accountId = String(account.id);
  const contact = await must(201, 'POST', `/accounts/${accountId}/contacts`, {
    name: `Pat ${index}`,
    email: `pat.${index}.${run}@bench.example`,
  });
  const order = await must(201, 'POST', '/orders', {
    accountId,
    lines: [{ product: 'Router X2', quantity: 2, unitPrice: 4999 }],
  });
  const orderId = String(order.id);
  await must(200, 'PATCH', `/orders/${orderId}`, { status: 'in_fulfillment' });
  const ticket = await must(201, 'POST', '/tickets', {
    accountId,
    contactId: String(contact.id),
    problem: 'No connection since the update',
  });
  return { accountId, orderId, ticketId: String(ticket.id) };
}

/** Poll until `done()` is true; the time of each poll goes to `pollTimes` (to show it does not dominate). */
async function until(done: () => Promise<boolean> | boolean, pollTimes: number[], what: string) {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const started = performance.now();
    const found = await done();
    pollTimes.push(performance.now() - started);
    if (found) return;
    if (performance.now() > deadline) throw new Error(`gave up after 60 s waiting for ${what}`);
    await sleep(POLL_INTERVAL_MS);
  }
}

const samples = () => ({ latency: [] as number[], patch: [] as number[], polls: [] as number[] });
const orders = samples();
const tickets = samples();

/** PATCH fulfilled → the order's invoice item is readable (consistent GetItem on the key it derives to). */
async function fulfil(record: Prepared, into: ReturnType<typeof samples>) {
  const key = invoiceKey(record.accountId, derivedId(`invoice#order#${record.orderId}`));
  const started = performance.now();
  await must(200, 'PATCH', `/orders/${record.orderId}`, { status: 'fulfilled' });
  into.patch.push(performance.now() - started);
  await until(
    async () =>
      (
        await documentClient.send(
          new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: key, ConsistentRead: true }),
        )
      ).Item !== undefined,
    into.polls,
    `the invoice of order ${record.orderId}`,
  );
  into.latency.push(performance.now() - started);
}

/** PATCH resolved → the survey e-mail's .eml file exists, non-empty (SendMail writes it, then marks it sent). */
async function resolve(record: Prepared, into: ReturnType<typeof samples>) {
  const started = performance.now();
  const ticket = await must(200, 'PATCH', `/tickets/${record.ticketId}`, { status: 'resolved' });
  into.patch.push(performance.now() - started);
  // The survey's (and its e-mail's) id derives from the resolution: known as soon as the PATCH answers.
  const file = join(mailDir, `${derivedId(`survey#${record.ticketId}#${String(ticket.resolvedAt)}`)}.eml`);
  await until(
    () => existsSync(file) && statSync(file).size > 0,
    into.polls,
    `the survey e-mail of ticket ${record.ticketId}`,
  );
  into.latency.push(performance.now() - started);
}

async function statusChanges() {
  const run = Date.now().toString(36);
  const orderCount = Math.ceil(CHANGES / 2);
  const ticketCount = Math.floor(CHANGES / 2);
  const records: Prepared[] = [];
  const warm: Prepared[] = [];
  const prepStarted = performance.now();
  for (let index = 0; index < WARMUP; index++) warm.push(await prepare(run));
  for (let index = 0; index < orderCount; index++) records.push(await prepare(run));
  await runtime.settle();
  progress(
    `prepared ${records.length + warm.length} accounts, orders and tickets in ${Math.round(performance.now() - prepStarted)} ms`,
  );
  const ignored = samples();
  for (const record of warm) {
    await fulfil(record, ignored);
    await resolve(record, ignored);
  }
  await runtime.settle();
  // Alternated, so drift in DynamoDB Local (JIT, table growth, a neighbour's load) hits both kinds alike.
  for (let index = 0; index < orderCount; index++) {
    const record = records[index];
    if (record === undefined) break;
    await fulfil(record, orders);
    if (index < ticketCount) await resolve(record, tickets);
  }
  await runtime.settle();

  // Counted back: exactly one invoice per fulfilled order, one survey e-mail per resolution, each marked sent.
  let oneInvoice = 0;
  for (const record of records) {
    const page = await must(200, 'GET', `/accounts/${record.accountId}/invoices`);
    if (Array.isArray(page.items) && page.items.length === 1) oneInvoice++;
  }
  const files = existsSync(mailDir) ? readdirSync(mailDir).filter((name) => name.endsWith('.eml')) : [];
  let sent = 0;
  for (const name of files) {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: mailKey(name.slice(0, -4)), ConsistentRead: true }),
    );
    if (Item?.status === 'sent') sent++;
  }
  const kind = (measured: ReturnType<typeof samples>, observedBy: string) => ({
    changes: measured.latency.length,
    ...stats(measured.latency),
    patchP50Ms: round(percentile(measured.patch, 50)),
    observedBy,
    polls: {
      perChange: round(measured.polls.length / Math.max(1, measured.latency.length)),
      p50Ms: round(percentile(measured.polls, 50)),
      p99Ms: round(percentile(measured.polls, 99)),
    },
  });
  return {
    changes: orders.latency.length + tickets.latency.length,
    warmupPerKind: WARMUP,
    pollIntervalMs: POLL_INTERVAL_MS,
    order: kind(orders, 'invoice item readable (consistent GetItem on its key)'),
    ticket: kind(
      tickets,
      'survey .eml file in the local mailbox (written by SendMail before it marks the Mail sent)',
    ),
    overall: stats([...orders.latency, ...tickets.latency]),
    checks: {
      orders: records.length,
      accountsWithExactlyOneInvoice: oneInvoice,
      resolutions: tickets.latency.length + WARMUP,
      surveyMailFiles: files.length,
      surveyMailsMarkedSent: sent,
    },
  };
}

// ---------------------------------------------------------------- 2. the hourly job
type JobSummary = Awaited<ReturnType<typeof announceDueTasks>>;

/** Write tasks straight to the table, 25 per BatchWriteItem, a few batches at once: the same items as POST /tasks. */
async function writeTasks(dueTimes: number[], assignees: readonly string[]) {
  const now = new Date();
  const items = dueTimes.map((due, index) =>
    taskItem(
      newTask(
        {
          title: `Bench task ${index}`,
          assigneeId: assignees[index % assignees.length],
          dueAt: new Date(due).toISOString(),
          links: {},
          checklist: [],
        },
        now,
      ),
    ),
  );
  const batches: (typeof items)[] = [];
  for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = batch.map((Item) => ({
          PutRequest: { Item },
        }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(200, 5 * 2 ** attempt));
          const { UnprocessedItems } = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [LOCAL_TABLE_NAME]: requests } }),
          );
          requests = UnprocessedItems?.[LOCAL_TABLE_NAME] ?? [];
        }
      }
    }),
  );
}

/**
 * Open tasks from the status index, page by page, timed: all of them (what a job without a due-time key range
 * would read), or the job's own key range for a window (the same Query it makes, for a like-for-like time).
 */
async function readOpenTasks(window?: JobSummary['window']) {
  let read = 0;
  let start: Record<string, unknown> | undefined;
  const { byStatus } = tasks.indexes;
  const keyNames = indexAttributes(byStatus.index);
  const started = performance.now();
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: LOCAL_TABLE_NAME,
        IndexName: byStatus.index,
        KeyConditionExpression:
          window === undefined
            ? `${keyNames.pk} = :open`
            : `${keyNames.pk} = :open AND ${keyNames.sk} BETWEEN :from AND :to`,
        ExpressionAttributeValues: {
          ':open': byStatus.partition('open'),
          ...(window === undefined ? {} : { ':from': window.from, ':to': `${window.to}#\uffff` }),
        },
        ExclusiveStartKey: start,
      }),
    );
    read += page.ScannedCount ?? page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { ms: performance.now() - started, read };
}

/** `runs` reads one after another: the median time, and what the first returned. */
async function timedReads(runs: number, window?: JobSummary['window']) {
  const reads: { ms: number; read: number }[] = [];
  for (let run = 0; run < runs; run++) reads.push(await readOpenTasks(window));
  return {
    runs,
    p50Ms: round(
      percentile(
        reads.map((entry) => entry.ms),
        50,
      ),
    ),
    read: reads[0]?.read ?? 0,
  };
}

async function timedJob(at: Date) {
  const started = performance.now();
  const summary = (await runtime.runJob('tasks-due', at)) as JobSummary;
  return { ms: performance.now() - started, summary };
}

/** Write the tasks and let their TaskCreated events be relayed, before anything is timed. */
async function grow(dueTimes: number[], assignees: readonly string[]) {
  const started = performance.now();
  await writeTasks(dueTimes, assignees);
  const writeMs = performance.now() - started;
  await runtime.settle();
  progress(
    `wrote ${dueTimes.length} tasks in ${Math.round(writeMs)} ms, their events relayed ${Math.round(performance.now() - started - writeMs)} ms later`,
  );
  return writeMs;
}

/** Run the job for the hour ending at `hour`, then again for the same hour, then the two reads to compare. */
async function measure(hour: number, writeMs: number) {
  const at = new Date(hour);
  const first = await timedJob(at);
  // The announcements' events and e-mails are delivered before the next timing.
  await runtime.settle();
  const again: { ms: number; summary: JobSummary }[] = [];
  for (let run = 0; run < RERUNS; run++) again.push(await timedJob(at));
  await runtime.settle();
  const fullRead = await timedReads(FULL_READS);
  const windowRead = await timedReads(FULL_READS, first.summary.window);
  const result = {
    openTasks: fullRead.read,
    writeMs: Math.round(writeMs),
    dueInWindow: DUE_IN_WINDOW,
    window: first.summary.window,
    first: {
      ms: round(first.ms),
      read: first.summary.read,
      due: first.summary.due,
      announced: first.summary.announced,
      mailed: first.summary.mailed,
    },
    again: {
      runs: again.length,
      p50Ms: round(
        percentile(
          again.map((entry) => entry.ms),
          50,
        ),
      ),
      read: Math.max(...again.map((entry) => entry.summary.read)),
      announced: again.reduce((sum, entry) => sum + entry.summary.announced, 0),
      alreadyAnnounced: again[0]?.summary.alreadyAnnounced ?? 0,
    },
    windowRead,
    fullRead,
    readRatio: round(fullRead.read / Math.max(1, first.summary.read)),
    readTimeRatio: round(fullRead.p50Ms / windowRead.p50Ms),
  };
  progress(`${fullRead.read} open tasks: ${JSON.stringify(result)}`);
  return result;
}

/**
 * Three consecutive hours half-way through 30 days of due dates: an untimed warm-up run for the first, the
 * measured run over the small table for the second, over the large one for the third. Each run's checkpoint
 * makes the next hour's run start where it stopped, as hourly runs do. Only `DUE_IN_WINDOW` tasks fall due in
 * each of those hours; the rest are spread over the 30 days around them.
 */
async function hourlyJob() {
  const members: string[] = [];
  for (let index = 0; index < 3; index++) {
    const member = await must(201, 'POST', '/team', {
      name: `Bench Agent ${index}`,
      email: `agent.${index}.${Date.now().toString(36)}@bench.example`,
      roles: ['sales'],
    });
    members.push(String(member.id));
  }
  const from = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const [warmHour, smallHour, largeHour] = [1, 2, 3].map((n) => from + 15 * DAY_MS + n * HOUR_MS) as [
    number,
    number,
    number,
  ];
  // No spread task within an hour of the measured hours (from the warm-up hour's start to the large one's end).
  const zoneStart = warmHour - 2 * HOUR_MS;
  const zone = largeHour + HOUR_MS - zoneStart;
  const spread = (count: number) =>
    Array.from({ length: Math.max(0, count) }, (_, index) => {
      const due = from + Math.floor(((index + 0.5) / count) * (30 * DAY_MS - zone));
      return due >= zoneStart ? due + zone : due;
    });
  const dueIn = (hour: number) =>
    Array.from(
      { length: DUE_IN_WINDOW },
      (_, index) => hour - HOUR_MS + Math.floor(((index + 1) / (DUE_IN_WINDOW + 1)) * HOUR_MS),
    );

  const smallWrite = await grow(
    [...spread(SMALL_TASKS - 2 * DUE_IN_WINDOW), ...dueIn(warmHour), ...dueIn(smallHour)],
    members,
  );
  // The job's code paths (queries, transactions, the member reads) run once before anything is timed.
  await runtime.runJob('tasks-due', new Date(warmHour));
  await runtime.settle();
  const small = await measure(smallHour, smallWrite);
  if (TASKS <= SMALL_TASKS) return { sizes: [small] };
  const largeWrite = await grow(
    [...spread(TASKS - SMALL_TASKS - DUE_IN_WINDOW), ...dueIn(largeHour)],
    members,
  );
  const large = await measure(largeHour, largeWrite);
  return { sizes: [small, large] };
}

/** What this prints (bench/run.ts reads it). */
export type LifecycleResult = {
  statusChange: Awaited<ReturnType<typeof statusChanges>>;
  hourlyJob: Awaited<ReturnType<typeof hourlyJob>>;
};

try {
  progress(`status changes: ${CHANGES} (+${WARMUP} warm-up per kind)…`);
  const statusChange = await statusChanges();
  progress(`status changes: ${JSON.stringify(statusChange)}`);
  progress(`hourly job over ${SMALL_TASKS} then ${TASKS} open tasks, ${DUE_IN_WINDOW} due per hour…`);
  const job = await hourlyJob();
  const result: LifecycleResult = { statusChange, hourlyJob: job };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
