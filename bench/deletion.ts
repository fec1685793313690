// Deleting a big account, end to end on the local stack (run by bench/run.ts in its own process, or alone with
// `npx tsx bench/deletion.ts`; prints one JSON line, progress on stderr): an account with BENCH_INTERACTIONS
// (10,000) interactions and BENCH_CONTACTS (200) contacts, each with its e-mail claim, written straight to the
// table; then DELETE /accounts/{id}?cascade=true over HTTP, the deletion polled until it is done. Reported: how
// long the request took, how long until done, the runs and batches it took and the longest run (which must stay
// well inside a rule function's 30 s), items removed per second, and what is left in the account's partition.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_TABLE_NAME, startRuntime } from '../local/runtime.ts';

export interface DeletionResult {
  readonly interactions: number;
  readonly contacts: number;
  readonly itemsBefore: number;
  readonly acceptedMs: number;
  readonly doneMs: number;
  readonly runs: number;
  readonly batches: number;
  readonly longestRunMs: number;
  readonly removed: Record<string, number>;
  readonly removedTotal: number;
  readonly itemsPerSecond: number;
  readonly left: number;
  readonly announced: { InteractionDeleted: number; ContactDeleted: number; AccountDeleted: number };
}

const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 10_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200);
const POLL_INTERVAL_MS = 20;

process.env.RATE_LIMIT = 'off';
process.env.CRON = 'off';
process.env.LOG_LEVEL ??= 'ERROR';
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-deletion-'));
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

const progress = (line: string) => process.stderr.write(`deletion: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const auth = { authorization: `Bearer ${runtime.devToken}`, 'content-type': 'application/json' };

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
}

async function writeAll(items: Record<string, unknown>[]) {
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
}

async function partitionSize(accountId: string) {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: LOCAL_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': accountPartition(accountId) },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

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
  // the deletion alone.
  progress('waiting for the stream to settle');
  await runtime.settle();
  const before = await partitionSize(accountId);
  const eventsBefore = readFileSync(join(dataDir, 'events.jsonl'), 'utf8').split('\n').length;

  progress('DELETE /accounts/{id}?cascade=true');
  const started = performance.now();
  const accepted = await api('DELETE', `/accounts/${accountId}?cascade=true`);
  const acceptedMs = performance.now() - started;
  if (accepted.status !== 202) throw new Error(`DELETE answered ${accepted.status}`);
  const runStarts = new Map<number, number>();
  let deletion: Record<string, unknown> = accepted.json;
  for (;;) {
    const now = performance.now();
    const read = await api('GET', `/accounts/${accountId}/deletion`);
    deletion = read.json;
    const run = Number(deletion.run);
    if (!runStarts.has(run)) runStarts.set(run, now);
    if (deletion.state === 'done') break;
    if (now - started > 600_000) throw new Error('the deletion did not finish in 10 minutes');
    await sleep(POLL_INTERVAL_MS);
  }
  const doneMs = performance.now() - started;
  const starts = [...runStarts.entries()].sort(([a], [b]) => a - b).map(([, ms]) => ms);
  const runMs = starts.map((ms, index) => (starts[index + 1] ?? started + doneMs) - ms);
  const removed = deletion.removed as Record<string, number>;
  const removedTotal = Object.values(removed).reduce((sum, n) => sum + n, 0);
  // Each removed record's *Deleted event, from the stream.
  await sleep(2000);
  const events = readFileSync(join(dataDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .slice(eventsBefore - 1)
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { 'detail-type': string });
  const announced = (type: string) => events.filter((event) => event['detail-type'] === type).length;
  const result: DeletionResult = {
    interactions: INTERACTIONS,
    contacts: CONTACTS,
    itemsBefore: before,
    acceptedMs: Math.round(acceptedMs),
    doneMs: Math.round(doneMs),
    runs: Number(deletion.run),
    batches: Number(deletion.batches),
    longestRunMs: Math.round(Math.max(...runMs)),
    removed,
    removedTotal,
    itemsPerSecond: Math.round(removedTotal / (doneMs / 1000)),
    left: await partitionSize(accountId),
    announced: {
      InteractionDeleted: announced('InteractionDeleted'),
      ContactDeleted: announced('ContactDeleted'),
      AccountDeleted: announced('AccountDeleted'),
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
