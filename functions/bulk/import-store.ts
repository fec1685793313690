// Importing a contacts file, in pieces that survive a crash. POST /imports reads the file's header and writes
// the import (once per upload). The import's own stream event starts the splitting: each batch of it writes
// one chunk (a share of the rows, between two record boundaries of the file) and moves the import's split
// position on, in one transaction, and a run of batches hands the rest to the next run. Each chunk's own
// stream event starts its worker, so the chunks are worked on side by side; a chunk's batch writes its rows'
// records, their errors and the chunk's cursor and counts in one transaction, so a batch happens once or not
// at all and a worker cut short goes on from the chunk's cursor. A chunk's last batch adds its counts to the
// import's tally; the last chunk done (or the splitting's end, if later) finishes the import.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { actingAs, currentActor } from '../platform/actor.ts';
import { firstRun, type RunOutcome, runBatches, versionedWrite } from '../platform/batches.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { Conflict, Invalid, NotFound } from '../platform/errors.ts';
import { putNew, readItem, type TransactItem, TransactionRefused, transact } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import type { ColumnMapping } from './contact-mapping.ts';
import { type ContactPreview, headerColumns, previewContacts } from './contact-preview.ts';
import { importErrorPut, planRows } from './contact-rows.ts';
import { FileUnreadable, readCsv } from './csv.ts';
import {
  CHUNK_PREFIX,
  chunkKey,
  ERROR_PREFIX,
  importChunks,
  importKey,
  importPartition,
  imports,
  tallyKey,
  toChunk,
  toImport,
} from './entity.ts';
import {
  addCounts,
  type Import,
  type ImportChunk,
  type ImportCounts,
  type ImportError,
  type ImportRequest,
  NO_COUNTS,
} from './import.ts';
import { RowReader } from './row-reader.ts';
import { readUpload, UploadChanged, uploadInfo } from './uploads.ts';

/** Rows per chunk: one worker run does a chunk well inside its function's time. */
export const CHUNK_ROWS = 1000;
/** Rows a chunk's batch plans at most (fewer when they need more than a transaction's items). */
export const BATCH_ROWS = 25;
/** A batch's own items besides its rows': the chunk's write and, in its last batch, the tally's. */
const ROW_ITEMS = 100 - 2;

export async function getImport(id: string): Promise<Import | undefined> {
  const item = await readItem(importKey(id));
  return item === undefined ? undefined : toImport(item);
}

const missingUpload = (upload: string) =>
  new NotFound(`Upload (nothing has been PUT to its url yet, or it has expired)`, upload);

/** A dry run: the file read through, the mapping used, the first rows and every error; nothing written. */
export async function previewImport(request: ImportRequest): Promise<ContactPreview> {
  const file = await uploadInfo(request.upload);
  if (file === undefined) throw missingUpload(request.upload);
  return asRefusal(() =>
    previewContacts(readUpload(request.upload, { etag: file.etag }), fileOptions(request)),
  );
}

/** What makes a file unreadable, as the caller's error: a runaway field (400), a file replaced meanwhile (409). */
async function asRefusal<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof FileUnreadable) throw new Invalid([{ path: 'file', message: error.message }]);
    if (error instanceof UploadChanged)
      throw new Conflict('The file was uploaded again while it was being read: ask again.');
    throw error;
  }
}

/** Why an import cannot go on, when it is the file's fault: it stops there (state `failed`, with why). */
function fileFault(error: unknown): string | undefined {
  if (error instanceof FileUnreadable) return error.message;
  if (error instanceof UploadChanged)
    return 'The file was uploaded again while it was being imported; the rows done so far stay. Upload the file anew and import that upload.';
  return undefined;
}

/** Stop an import for good, saying why; the rows done so far stay (and are counted as they are). */
export async function failImport(id: string, reason: string, now: Date): Promise<void> {
  for (;;) {
    const record = await getImport(id);
    if (record === undefined || record.state !== 'running') return;
    // The finished chunks' and the running ones' so far (their workers stop within a few batches).
    const counts = await countsNow(record);
    // Moved on meanwhile (a batch of the split, or another stop): read again.
    if (await closeImport(record, { state: 'failed', error: reason, counts }, now)) return;
  }
}

/** The import's write in a batch or at its end, on the version read. */
const importWrite = versionedWrite<Import>((next) => imports.item(next));

/** An import's last write: done or failed, its counts, no split left; false when it changed meanwhile. */
async function closeImport(
  record: Import,
  end: Pick<Import, 'state' | 'counts'> & { readonly error?: string },
  now: Date,
): Promise<boolean> {
  const { split: _split, ...rest } = record;
  const at = now.toISOString();
  const closed: Import = {
    ...rest,
    ...end,
    completedAt: at,
    handOver: false,
    updatedAt: at,
    version: record.version + 1,
  };
  try {
    await transact([importWrite(record, closed)]);
    return true;
  } catch (error) {
    if (error instanceof TransactionRefused) return false;
    throw error;
  }
}

const fileOptions = (request: ImportRequest) => ({
  ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
  unknownColumns: request.unknownColumns,
  ...(request.delimiter === undefined ? {} : { delimiter: request.delimiter }),
});

/**
 * POST /imports: accept the import of an uploaded file, once — asked again for the same upload, it answers
 * the same import. The header is read (and the mapping checked against it) before anything is written.
 */
export async function startImport(
  request: ImportRequest,
  now: Date,
  chunkRows = CHUNK_ROWS,
): Promise<{ readonly created: boolean; readonly record: Import }> {
  const known = await getImport(request.upload);
  if (known !== undefined) return { created: false, record: known };
  const file = await uploadInfo(request.upload);
  if (file === undefined) throw missingUpload(request.upload);
  const head = await asRefusal(() => readHead(request, file.etag));
  const at = now.toISOString();
  const record: Import = {
    id: request.upload,
    records: request.records,
    upload: request.upload,
    state: 'running',
    existing: request.existing,
    delimiter: head.delimiter,
    columns: head.columns.map((column) => ({ ...column, target: String(column.target) })),
    file: { bytes: file.bytes, etag: file.etag },
    split: head.first,
    chunkRows,
    chunks: 0,
    counts: NO_COUNTS,
    ...firstRun,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  try {
    await transact([putNew(imports.item(record))]);
    return { created: true, record };
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    const raced = await getImport(request.upload);
    if (raced === undefined) throw error;
    return { created: false, record: raced };
  }
}

/** The file's header as columns, its separator, and where its first data row starts. */
async function readHead(request: ImportRequest, etag: string) {
  const options = fileOptions(request);
  let columns: readonly ColumnMapping[] | undefined;
  let delimiter = request.delimiter ?? ',';
  let headerEnd = 0;
  for await (const item of readCsv(readUpload(request.upload, { etag }), options)) {
    delimiter = item.delimiter;
    if (columns === undefined) {
      columns = headerColumns(item.record.cells, options);
      headerEnd = item.record.end;
      continue;
    }
    const first = item.record;
    return { columns, delimiter, first: { offset: headerEnd, row: first.row, line: first.line } };
  }
  if (columns === undefined)
    throw new Invalid([{ path: 'file', message: 'The file is empty: it needs a header row.' }]);
  // A header and no rows: the import has nothing to split, and finishes at once.
  return { columns, delimiter, first: { offset: headerEnd, row: 2, line: 2 } };
}

/** The import with its counts as they are now: the finished chunks' tally and the running chunks' own. */
export async function importProgress(id: string): Promise<Import> {
  const record = await getImport(id);
  if (record === undefined) throw new NotFound('Import', id);
  if (record.state !== 'running') return record;
  return { ...record, counts: await countsNow(record) };
}

/** A running import's counts: its finished chunks' tally and its running chunks' own so far. */
async function countsNow(record: Import): Promise<ImportCounts> {
  const id = record.id;
  const { chunks: _chunks, ...tallied } = await tally(id);
  let counts: ImportCounts = { ...tallied, rows: record.counts.rows };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunks)',
        FilterExpression: '#state = :ready',
        ProjectionExpression: '#counts',
        ExpressionAttributeNames: { '#state': 'state', '#counts': 'counts' },
        ExpressionAttributeValues: { ':pk': importPartition(id), ':chunks': CHUNK_PREFIX, ':ready': 'ready' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? [])
      counts = addCounts(counts, { ...(item.counts as ImportCounts), rows: 0 });
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return counts;
}

const TALLIED = ['done', 'created', 'updated', 'skipped', 'failed', 'accountsCreated'] as const;

async function tally(id: string): Promise<ImportCounts & { readonly chunks: number }> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: tallyKey(id), ConsistentRead: true }),
  );
  const counts = { ...NO_COUNTS };
  for (const field of TALLIED) counts[field] = Number(Item?.[field] ?? 0);
  return { ...counts, chunks: Number(Item?.chunks ?? 0) };
}

/** A chunk's last batch adds its counts to the tally (and counts itself done). */
function tallyAdd(importId: string, counts: ImportCounts): TransactItem {
  const values: Record<string, number> = { ':one': 1 };
  for (const field of TALLIED) values[`:${field}`] = counts[field];
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: tallyKey(importId),
      UpdateExpression: `ADD chunks :one, ${TALLIED.map((field) => `#${field} :${field}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(TALLIED.map((field) => [`#${field}`, field])),
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The import is done once it is split and every chunk has added its counts to the tally: it takes the
 * tally's counts and says so (ImportCompleted). Called after each chunk and at the splitting's end; of
 * several callers at the end, one finishes it.
 */
export async function finishImport(id: string, now: Date): Promise<boolean> {
  const record = await getImport(id);
  if (record === undefined || record.state !== 'running' || record.split !== undefined) return false;
  const counted = await tally(id);
  if (counted.chunks < record.chunks) return false;
  const { chunks: _chunks, ...counts } = counted;
  return closeImport(record, { state: 'done', counts: { ...counts, rows: record.counts.rows } }, now);
}

/**
 * One run of the splitting: a chunk per batch, from the import's split position, until the file ends (then
 * the import is finished if its chunks are) or the run's share is done (handed over to the next run).
 */
export async function splitImport(
  id: string,
  run: number,
  now: () => Date,
  afterBatch?: (batch: number) => Promise<void> | void,
): Promise<RunOutcome> {
  const record = await getImport(id);
  if (record === undefined) return { outcome: 'not-this-run', batches: 0 };
  if (record.split === undefined) {
    // Split already (this event redelivered, or the run cut short just after its last batch): finish it if
    // its chunks are done — a file of a header alone has no chunk whose worker would.
    await finishImport(id, now());
    return { outcome: 'not-this-run', batches: 0 };
  }
  const reader = new RowReader({
    upload: record.upload,
    etag: record.file.etag,
    delimiter: record.delimiter,
    positionsOnly: true,
  });
  try {
    const outcome = await runBatches<Import>({
      read: () => getImport(id),
      write: importWrite,
      run,
      now,
      afterBatch,
      plan: async (read, at) => {
        if (read.split === undefined) return { next: read, items: [], last: true };
        const { rows, after } = await reader.take(read.split, read.chunkRows);
        const last = rows.at(-1);
        const chunk: ImportChunk | undefined =
          last === undefined
            ? undefined
            : {
                id: `${id}.${read.chunks + 1}`,
                importId: id,
                n: read.chunks + 1,
                state: 'ready',
                start: read.split,
                end: last.item.record.end,
                rows: rows.length,
                cursor: read.split,
                counts: NO_COUNTS,
                createdAt: at,
                updatedAt: at,
                version: 1,
              };
        const { split: _split, ...rest } = read;
        const next: Import = {
          ...rest,
          ...(after === undefined ? {} : { split: after }),
          chunks: chunk === undefined ? read.chunks : chunk.n,
          counts: { ...read.counts, rows: read.counts.rows + rows.length },
        };
        reader.commit(rows.length);
        return {
          next,
          items: chunk === undefined ? [] : [putNew(importChunks.item(chunk))],
          last: after === undefined,
        };
      },
    });
    if (outcome.outcome === 'done') await finishImport(id, now());
    return outcome;
  } catch (error) {
    const reason = fileFault(error);
    if (reason === undefined) throw error;
    await failImport(id, reason, now());
    return { outcome: 'done', batches: 0 };
  } finally {
    await reader.close();
  }
}

export interface ChunkOutcome {
  readonly outcome: 'done' | 'not-this-chunk';
  readonly batches: number;
  readonly rows: number;
}

/** Batches refused for conflicts alone borne in a row before the platform is left to run the chunk again. */
const MAX_CONFLICTS = 10;
/** Batches between two looks at whether the import still runs. */
const STOP_CHECK_BATCHES = 10;
/** Refusals of one batch borne (re-planned from fresh reads) before its rows go one by one. */
const REFUSALS_BEFORE_SINGLE = 2;
/** Refusals of a row alone borne before it is counted failed (it raced writers that kept winning). */
const REFUSALS_OF_A_ROW = 4;

/**
 * A chunk's rows, batch by batch from its cursor, as the import's creator; a chunk done already (a
 * redelivered event) only makes sure the import is finished.
 */
export async function runChunk(
  importId: string,
  n: number,
  now: () => Date,
  afterBatch?: (batch: number) => Promise<void> | void,
): Promise<ChunkOutcome> {
  const record = await getImport(importId);
  const read = async () => {
    const item = await readItem(chunkKey(importId, n));
    return item === undefined ? undefined : toChunk(item);
  };
  let chunk = await read();
  if (record === undefined || record.state !== 'running' || chunk === undefined)
    return { outcome: 'not-this-chunk', batches: 0, rows: 0 };
  const reader = new RowReader({
    upload: record.upload,
    etag: record.file.etag,
    delimiter: record.delimiter,
    end: chunk.end,
  });
  const context = {
    importId,
    columns: record.columns as ColumnMapping[],
    existing: record.existing,
    named: new Map<string, string | null>(),
  };
  let batches = 0;
  let rowsDone = 0;

  try {
    await actingAs(record.createdBy ?? currentActor(), async () => {
      for (let refusals = 0, conflicts = 0; chunk !== undefined && chunk.state === 'ready'; ) {
        const current: ImportChunk = chunk;
        const alone = refusals >= REFUSALS_BEFORE_SINGLE;
        const { rows, after } = await reader.take(current.cursor, alone ? 1 : BATCH_ROWS);
        const at = now().toISOString();
        const planned =
          refusals >= REFUSALS_OF_A_ROW
            ? raced(importId, rows[0]?.item)
            : await planRows(
                rows.map((row) => row.item),
                { ...context, at },
                ROW_ITEMS,
              );
        const cursor = rows[planned.used]?.at ?? after;
        const next: ImportChunk = {
          ...current,
          cursor: cursor ?? { ...current.cursor, offset: current.end },
          counts: addCounts(current.counts, planned.counts),
          state: cursor === undefined ? 'done' : 'ready',
          updatedAt: at,
          updatedBy: currentActor(),
          version: current.version + 1,
        };
        try {
          await transact([
            versionedWrite<ImportChunk>((record) => importChunks.item(record))(current, next),
            ...planned.items,
            ...(next.state === 'done' ? [tallyAdd(importId, next.counts)] : []),
          ]);
        } catch (error) {
          if (!(error instanceof TransactionRefused)) throw error;
          // Another worker moved the chunk on (read it again), or a claim or record the plan read changed
          // meanwhile (plan again from what is there now).
          if (error.failedAt(0)) chunk = await read();
          else if (error.reasons.includes('ConditionalCheckFailed')) refusals += 1;
          // Only conflicts with other transactions (transact tried again already): again, then the platform.
          else if (++conflicts > MAX_CONFLICTS) throw error;
          continue;
        }
        refusals = 0;
        conflicts = 0;
        reader.commit(planned.used);
        chunk = next;
        batches += 1;
        rowsDone += planned.used;
        if (next.state === 'ready') await afterBatch?.(batches);
        // A stopped import (its file at fault) takes no more rows: looked at now and then, not in every batch's
        // transaction, where a thousand workers would contend for the one import item.
        if (batches % STOP_CHECK_BATCHES === 0 && (await getImport(importId))?.state !== 'running') return;
      }
    });
    await finishImport(importId, now());
    return { outcome: 'done', batches, rows: rowsDone };
  } catch (error) {
    const reason = fileFault(error);
    if (reason === undefined) throw error;
    await failImport(importId, reason, now());
    return { outcome: 'not-this-chunk', batches, rows: rowsDone };
  } finally {
    await reader.close();
  }
}

/** A row whose writes kept losing races: counted failed, with why. */
function raced(importId: string, item: Parameters<typeof planRows>[0][number] | undefined) {
  const row = item === undefined ? 0 : item.record.row;
  const error: ImportError = {
    row,
    message: 'The records this row names kept changing while it was imported; import the row again.',
  };
  return {
    used: 1,
    items: [importErrorPut(importId, error, 0)],
    counts: { done: 1, failed: 1 },
  };
}

/** One page of an import's row errors, in row order. */
export async function listErrors(
  id: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: ImportError[]; nextCursor: string | null }> {
  const { Items, LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :errors)',
      ExpressionAttributeValues: { ':pk': importPartition(id), ':errors': ERROR_PREFIX },
      ProjectionExpression: '#row, #column, #message',
      ExpressionAttributeNames: { '#row': 'row', '#column': 'column', '#message': 'message' },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, ['pk', 'sk'], { pk: importPartition(id) }),
    }),
  );
  return {
    items: (Items ?? []).map((item) => ({
      row: Number(item.row),
      ...(typeof item.column === 'string' ? { column: item.column } : {}),
      message: String(item.message),
    })),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}
