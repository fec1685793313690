// A big account on the local stack, for the benches of work that runs in batches from the stream (deleting and
// merging it): the runtime on a fresh data directory, an account with BENCH_INTERACTIONS (10,000) interactions
// and BENCH_CONTACTS (200) contacts, each with its e-mail claim, written straight to the table and settled; then
// the job is started over HTTP and polled until it is done, each run timed from when the job record shows it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_TABLE_NAME, startRuntime } from '../local/runtime.ts';

export const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 10_000);
export const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200);
const POLL_INTERVAL_MS = 20;

/** How a batched job went: the request, the wait until done, and each run's length. */
export interface JobTiming {
  readonly acceptedMs: number;
  readonly doneMs: number;
  readonly runs: number;
  readonly batches: number;
  readonly longestRunMs: number;
  readonly job: Record<string, unknown>;
}

export interface BigAccount {
  readonly accountId: string;
  readonly itemsBefore: number;
  readonly api: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
  readonly progress: (line: string) => void;
  /** Items under an account's partition (but those of the types `except`, if given). */
  readonly partitionSize: (accountId: string, except?: readonly string[]) => Promise<number>;
  /** Start a job with `start`, poll `jobPath` until its state is done. */
  readonly timeJob: (start: () => Promise<ApiAnswer>, jobPath: string) => Promise<JobTiming>;
  /** The detail-types on the bus since the account was settled, counted. */
  readonly announcedSince: () => Promise<Map<string, number>>;
}

interface ApiAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `measure` on a fresh big account; print what it returns as one JSON line. */
export async function onBigAccount<T>(name: string, measure: (account: BigAccount) => Promise<T>) {
  process.env.RATE_LIMIT = 'off';
  process.env.CRON = 'off';
  process.env.LOG_LEVEL ??= 'ERROR';
  const dataDir = mkdtempSync(join(tmpdir(), `clientele-bench-${name}-`));
  const runtime = await startRuntime({
    port: 0,
    dataDir,
    dynamodbPort: 0,
    log: (line) => {
      if (/ → 5\d\d |failed|"level":"ERROR"/.test(line)) process.stderr.write(`${line}\n`);
    },
  });
  const { documentClient } = await import('../functions/platform/clients.ts');
  const { BatchWriteCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { accountPartition, contacts, emailClaimItem, interactions } = await import(
    '../functions/accounts/entity.ts'
  );
  const { ulid } = await import('ulid');
  const progress = (line: string) => process.stderr.write(`${name}: ${line}\n`);
  const auth = { authorization: `Bearer ${runtime.devToken}`, 'content-type': 'application/json' };
  const api = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    return {
      status: response.status,
      json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  };
  const writeAll = async (items: Record<string, unknown>[]) => {
    for (let offset = 0; offset < items.length; offset += 25) {
      let pending = items.slice(offset, offset + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const answer = await documentClient.send(
          new BatchWriteCommand({ RequestItems: { [LOCAL_TABLE_NAME]: pending } }),
        );
        pending = (answer.UnprocessedItems?.[LOCAL_TABLE_NAME] ?? []) as typeof pending;
      }
      if (offset % 2500 === 0) progress(`written ${offset} of ${items.length}`);
    }
  };
  const partitionSize = async (accountId: string, except: readonly string[] = []) => {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: LOCAL_TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': accountPartition(accountId),
            ...Object.fromEntries(except.map((type, index) => [`:t${index}`, type])),
          },
          ...(except.length === 0
            ? {}
            : {
                FilterExpression: except.map((_, index) => `#type <> :t${index}`).join(' AND '),
                ExpressionAttributeNames: { '#type': 'type' },
              }),
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return count;
  };
  const events = () => readFileSync(join(dataDir, 'events.jsonl'), 'utf8').split('\n');

  try {
    const made = await api('POST', '/accounts', { name: 'Big Account GmbH', tags: ['bench'] });
    if (made.status !== 201) throw new Error(`POST /accounts answered ${made.status}`);
    const accountId = String(made.json.id);
    const at = Date.parse('2026-10-01T09:00:00Z');
    const stamp = new Date(at).toISOString();
    const people = Array.from({ length: CONTACTS }, (_, index) => {
      const contact = {
        id: ulid(at + index),
        accountId,
        name: `Person ${index}`,
        email: `person.${index}.${accountId.toLowerCase()}@bench.example`,
        decisionMaker: false,
        createdAt: stamp,
        updatedAt: stamp,
        version: 1,
      };
      return [contacts.item(contact), emailClaimItem(contact.email, contact)];
    }).flat();
    const timeline = Array.from({ length: INTERACTIONS }, (_, index) =>
      interactions.item({
        id: ulid(at + index),
        accountId,
        channel: 'email',
        direction: 'outbound',
        category: 'sales',
        subject: `Mail ${index}`,
        occurredAt: new Date(at + index).toISOString(),
        createdAt: stamp,
        updatedAt: stamp,
        version: 1,
      }),
    );
    progress(`writing ${CONTACTS} contacts and ${INTERACTIONS} interactions`);
    await writeAll([...people, ...timeline]);
    // What the writes set off (each interaction moves the account's lastContactAt) settles first: measured is
    // the job alone.
    progress('waiting for the stream to settle');
    await runtime.settle();
    const itemsBefore = await partitionSize(accountId);
    const eventsBefore = events().length;

    const timeJob = async (start: () => Promise<ApiAnswer>, jobPath: string): Promise<JobTiming> => {
      const started = performance.now();
      const accepted = await start();
      const acceptedMs = performance.now() - started;
      if (accepted.status !== 202) throw new Error(`the job's request answered ${accepted.status}`);
      const runStarts = new Map<number, number>();
      let job: Record<string, unknown> = accepted.json;
      for (;;) {
        const now = performance.now();
        job = (await api('GET', jobPath)).json;
        const run = Number(job.run);
        if (!runStarts.has(run)) runStarts.set(run, now);
        if (job.state === 'done') break;
        if (now - started > 600_000) throw new Error('the job did not finish in 10 minutes');
        await sleep(POLL_INTERVAL_MS);
      }
      const doneMs = performance.now() - started;
      const starts = [...runStarts.entries()].sort(([a], [b]) => a - b).map(([, ms]) => ms);
      const runMs = starts.map((ms, index) => (starts[index + 1] ?? started + doneMs) - ms);
      return {
        acceptedMs: Math.round(acceptedMs),
        doneMs: Math.round(doneMs),
        runs: Number(job.run),
        batches: Number(job.batches),
        longestRunMs: Math.round(Math.max(...runMs)),
        job,
      };
    };
    const announcedSince = async () => {
      // What the last batches set off reaches the bus.
      await runtime.settle();
      const counts = new Map<string, number>();
      for (const line of events().slice(eventsBefore - 1)) {
        if (line === '') continue;
        const type = (JSON.parse(line) as { 'detail-type': string })['detail-type'];
        counts.set(type, (counts.get(type) ?? 0) + 1);
      }
      return counts;
    };
    const result = await measure({
      accountId,
      itemsBefore,
      api,
      progress,
      partitionSize,
      timeJob,
      announcedSince,
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
