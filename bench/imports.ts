// Importing contacts files on DynamoDB Local (run by bench/run.ts in its own process, or alone with
// `npx tsx bench/imports.ts`; prints one JSON line, progress on stderr). Each size is imported in a fresh
// process of its own (so its peak memory is its own): the file written to the uploads directory as the gateway
// would, the import accepted, split and its chunks worked on by 4 workers at once (as the local bus runs a
// rule), its handlers called as the rules call them. The largest size's items are then written again, as they
// are, with plain BatchWriteItem into a second table by 4 writers: what the same items cost without the
// import's reads, transactions and dedupe. Reported: rows/s of each, their ratio, and peak memory per size.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/table.ts';
import { benchTable } from './shared.ts';

const SIZES = (process.env.BENCH_IMPORT_ROWS ?? '10000,100000').split(',').map(Number);
const WORKERS = 4;
/** Contacts per company: the rest of a company's rows join the account its first row made. */
const PER_COMPANY = 4;
const TRADES = ['Northwind Traders', 'Harbor Freight', 'Berger Consulting', 'Fjordlys', 'Atelier Lefevre'];

export interface ImportRun {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly chunks: number;
  readonly counts: Record<string, number>;
  readonly peakRssMB: number;
  readonly baseRssMB: number;
  readonly items: number;
  /** The same items written with plain BatchWriteItem (the largest size only). */
  readonly raw?: { readonly seconds: number; readonly rowsPerSecond: number };
}

export interface ImportsResult {
  readonly runs: readonly ImportRun[];
  readonly workers: number;
  readonly ratioToRaw: number;
  readonly memoryRatio: number;
  readonly targets: { readonly ratioToRaw: number; readonly memoryRatio: number };
}

async function one(rows: number, raw: boolean): Promise<ImportRun> {
  const { progress, dataDir, dynamo } = await benchTable(`imports-${rows}`, 'bench-imports');
  process.env.UPLOADS_DIR = join(dataDir, 'uploads');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(process.env.UPLOADS_DIR, { recursive: true });
  const store = await import('../functions/bulk/import-store.ts');
  const { ImportRequest } = await import('../functions/bulk/import.ts');
  const z = await import('../functions/platform/zod.ts');
  const { actingAs } = await import('../functions/platform/actor.ts');

  const id = ulid();
  progress(`writing a file of ${rows.toLocaleString('en')} rows`);
  // Written with backpressure, so the file's text is never all in this process's memory (it would count).
  const out = createWriteStream(join(process.env.UPLOADS_DIR ?? '', `${id}.csv`));
  const write = (line: string) =>
    out.write(line) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write('First Name,Last Name,Email,Phone Number,Company Name,Job Title\n');
  for (let n = 0; n < rows; n++) {
    const company = Math.floor(n / PER_COMPANY);
    const name = `${TRADES[company % TRADES.length]} ${company}`;
    const domain = `${name.toLowerCase().replaceAll(' ', '-')}.com`;
    // Every 10th company's people write from free mail: their rows find the account by its name.
    const email = company % 10 === 0 ? `alex.${n}@gmail.com` : `alex.${n}@${domain}`;
    await write(`Alex,Sample ${n},${email},+1 555 ${String(n).padStart(7, '0')},"${name}, Inc.",Buyer\n`);
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(resolve);
  });
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const imported = await actingAs('bench', async () => {
    await store.startImport(z.parse(ImportRequest, { upload: id }), new Date());
    let next = 1;
    let splitting = true;
    // The splitter's runs one after another, the chunks' workers 4 at a time as chunks appear.
    const split = (async () => {
      for (let run = 1; ; run++) {
        const outcome = await store.splitImport(id, run, () => new Date());
        if (outcome.outcome !== 'handed-over') break;
      }
      splitting = false;
    })();
    const worker = async () => {
      for (;;) {
        const record = await store.getImport(id);
        if (record === undefined) return;
        if (next > record.chunks) {
          if (!splitting && next > ((await store.getImport(id))?.chunks ?? 0)) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const n = next++;
        await store.runChunk(id, n, () => new Date());
        const done = await store.importProgress(id);
        progress(
          `chunk ${n}: ${done.counts.done.toLocaleString('en')} of ${rows.toLocaleString('en')} rows done`,
        );
      }
    };
    await Promise.all([split, ...Array.from({ length: WORKERS }, worker)]);
    return store.importProgress(id);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (imported.state !== 'done') throw new Error(`import ended ${imported.state}: ${imported.error ?? ''}`);

  // Every item the import left (its own bookkeeping included), read back once.
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint }));
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'bench-imports', ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  await dynamo.stop();
  let rawRun: ImportRun['raw'];
  if (raw) {
    // A DynamoDB Local as fresh as the import's was, so both start from an empty table.
    progress(`the same ${items.length.toLocaleString('en')} items with BatchWriteItem, ${WORKERS} writers`);
    const fresh = await startDynamoDbLocal({ port: 0 });
    const admin = new DynamoDBClient({ endpoint: fresh.endpoint });
    await ensureTable(admin, 'bench-raw');
    const writerClient = DynamoDBDocumentClient.from(admin);
    let cursor = 0;
    const rawStarted = performance.now();
    const writer = async () => {
      for (;;) {
        const batch = items.slice(cursor, cursor + 25);
        cursor += 25;
        if (batch.length === 0) return;
        let pending = batch.map((item) => ({ PutRequest: { Item: item } }));
        while (pending.length > 0) {
          const answer = await writerClient.send(
            new BatchWriteCommand({ RequestItems: { 'bench-raw': pending } }),
          );
          pending = (answer.UnprocessedItems?.['bench-raw'] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, writer));
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    rawRun = { seconds: rawSeconds, rowsPerSecond: Math.round(rows / rawSeconds) };
    admin.destroy();
    await fresh.stop();
  }
  return {
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    chunks: imported.chunks,
    counts: imported.counts,
    peakRssMB: Math.round(peakRss / 2 ** 20),
    baseRssMB: Math.round(baseRss / 2 ** 20),
    items: items.length,
    ...(rawRun === undefined ? {} : { raw: rawRun }),
  };
}

if (process.env.BENCH_IMPORT_ONE !== undefined) {
  const [rows, raw] = process.env.BENCH_IMPORT_ONE.split(':');
  const result = await one(Number(rows), raw === 'raw');
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const largest = Math.max(...SIZES);
const runs = SIZES.map((rows) => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, BENCH_IMPORT_ONE: `${rows}:${rows === largest ? 'raw' : ''}` },
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ImportRun;
});
const big = runs.find((run) => run.raw !== undefined);
const small = runs.find((run) => run.rows === Math.min(...SIZES));
const result: ImportsResult = {
  runs,
  workers: WORKERS,
  ratioToRaw: big?.raw === undefined ? Number.NaN : big.rowsPerSecond / big.raw.rowsPerSecond,
  memoryRatio: big === undefined || small === undefined ? Number.NaN : big.peakRssMB / small.peakRssMB,
  targets: { ratioToRaw: 0.7, memoryRatio: 1.2 },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
