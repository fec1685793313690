// Table access shared by every record type: conditional transactions with their cancellation reasons
// surfaced, and create-once semantics for requests carrying an Idempotency-Key.
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { stamped } from './actor.ts';
import { documentClient } from './clients.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { indexAttributes, TYPE_INDEX, typePartition, typeSortKey } from './entity.ts';
import { Refused, Stale } from './errors.ts';
import { CLAIMS_INDEX, claimsOf, claimsPartition, idempotencyKey } from './keys.ts';
import type { PhysicalIndex } from './table.ts';
import { TABLE_NAME } from './table-name.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item that only checks the record at `key` exists. */
export const mustExist = (key: { pk: string; sk: string }): TransactItem => ({
  ConditionCheck: { TableName: TABLE_NAME, Key: key, ConditionExpression: 'attribute_exists(pk)' },
});

/** A transaction item that holds only while nothing is at `key`. */
export const mustNotExist = (key: { pk: string; sk: string }): TransactItem => ({
  ConditionCheck: { TableName: TABLE_NAME, Key: key, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** A transaction item that writes `item` only if nothing is at its key; `returnOld` reports what was. */
export const putNew = (item: Record<string, unknown>, returnOld = false): TransactItem => ({
  Put: {
    TableName: TABLE_NAME,
    Item: item,
    ConditionExpression: 'attribute_not_exists(pk)',
    ...(returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
  },
});

/** A transaction DynamoDB refused; `reasons[i]` is the code for the i-th item ('None' where it was fine). */
export class TransactionRefused extends Error {
  constructor(
    readonly reasons: readonly string[],
    readonly items: readonly (Record<string, unknown> | undefined)[],
  ) {
    super(`Transaction refused: ${reasons.join(', ')}`);
  }
  failedAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

const CONFLICT_RETRIES = 6;

/** Run a transaction; conflicts with a concurrent transaction are retried, refused conditions are thrown. */
export async function transact(items: TransactItem[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      if (reasons.includes('TransactionConflict') && attempt < CONFLICT_RETRIES) {
        await sleep(10 * 2 ** attempt * Math.random());
        continue;
      }
      const oldItems = (error.CancellationReasons ?? []).map((reason) =>
        reason.Item === undefined ? undefined : unmarshall(reason.Item),
      );
      throw new TransactionRefused(reasons, oldItems);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run a transaction whose first item is conditional; false when that condition did not hold. */
async function transactIf(items: TransactItem[]): Promise<boolean> {
  try {
    await transact(items);
    return true;
  } catch (error) {
    if (error instanceof TransactionRefused && error.failedAt(0)) return false;
    throw error;
  }
}

export interface IdempotencyRequest {
  /** The header value, validated. */
  readonly key: string;
  /** Who asked, and for what: the same key from another user or route is another request. */
  readonly scope: string;
  /** The request's content; the same key with different content is refused. */
  readonly payload: unknown;
  /** How long the key holds (default 24 h). */
  readonly ttlSeconds?: number;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
export const fingerprint = (value: unknown) =>
  createHash('sha256').update(stableJson(value)).digest('base64url');

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Write a new record's items — once. With an idempotency request, a claim item holding the record is written in
 * the same transaction; a retry finds the claim and gets the same record back (`replayed`), and the record is
 * never written twice, even when both attempts arrive at once. `onRefused` maps a refused condition among
 * `items` (index into `items`) to the caller's error.
 */
export async function createOnce<R>(
  items: TransactItem[],
  created: R,
  idempotency: IdempotencyRequest | undefined,
  onRefused: (refused: TransactionRefused) => Error,
): Promise<{ readonly record: R; readonly replayed: boolean }> {
  // As its items store it: made by the current actor.
  const record = stamped(created);
  if (idempotency === undefined) {
    try {
      await transactOrPut(items);
    } catch (error) {
      if (error instanceof TransactionRefused) throw onRefused(error);
      throw error;
    }
    return { record, replayed: false };
  }
  const claimKey = claimKeyOf(idempotency);
  const requestHash = fingerprint(idempotency.payload);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const claim: TransactItem = {
    Put: {
      TableName: TABLE_NAME,
      Item: {
        ...claimKey,
        type: 'IdempotencyClaim',
        // Listed under the record's partition: an erasure of the person it is about finds it there.
        ...listing(items, record),
        requestHash,
        record,
        expiresAt: nowSeconds + (idempotency.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
  try {
    await transact([...items, claim]);
    return { record, replayed: false };
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    if (!error.failedAt(items.length)) throw onRefused(error);
    const stored = error.items[items.length] ?? (await readItem(claimKey));
    return { record: claimedRecord<R>(stored, requestHash), replayed: true };
  }
}

/**
 * Where a claim is listed: under the key of the record it holds (the new item with the record's id), with the
 * record's type. A claim of an answer that is no record (a submission's id) is not listed.
 */
function listing(items: readonly TransactItem[], record: unknown) {
  const id = (record as { id?: unknown }).id;
  const own = id === undefined ? undefined : items.find((item) => item.Put?.Item?.id === id)?.Put?.Item;
  return own === undefined
    ? {}
    : { ...claimsOf({ pk: String(own.pk), sk: String(own.sk) }), recordType: String(own.type) };
}

const claimKeyOf = (idempotency: IdempotencyRequest) =>
  idempotencyKey(fingerprint(idempotency.scope), fingerprint(idempotency.key));

/**
 * The record a claim holds for the request with `requestHash`; a claim of other content is refused. A claim whose
 * record was erased (the person it is about asked to be forgotten) keeps no fingerprint of the request: any
 * request with its key gets the erased record, and nothing is created again.
 */
function claimedRecord<R>(stored: Record<string, unknown> | undefined, requestHash: string): R {
  if (stored !== undefined && typeof stored.erasedAt === 'string') return stored.record as R;
  if (stored?.requestHash !== requestHash) {
    throw new Refused('This Idempotency-Key was already used with a different request.', [
      { path: 'header.Idempotency-Key', message: 'Already used with different content.' },
    ]);
  }
  // Claims written before they held the record held the whole answer; its body is the record.
  return (stored.record ?? (stored.response as { body?: unknown } | undefined)?.body) as R;
}

/**
 * The record an earlier request with this Idempotency-Key made, while its claim holds (read consistently), so
 * a create that does something before its write — takes a round-robin turn — does not do it again for a
 * replay; the same key with other content is refused, as createOnce refuses it. Two attempts at once both
 * find none here, and createOnce still writes once.
 */
export async function replayOf<R>(idempotency: IdempotencyRequest | undefined): Promise<R | undefined> {
  if (idempotency === undefined) return undefined;
  const stored = await readItem(claimKeyOf(idempotency));
  if (stored === undefined || Number(stored.expiresAt) < Math.floor(Date.now() / 1000)) return undefined;
  return claimedRecord<R>(stored, fingerprint(idempotency.payload));
}

// A lone Put needs no transaction (half the write cost); its refusal is reported the same way.
async function transactOrPut(items: TransactItem[]): Promise<void> {
  const [only] = items;
  if (items.length !== 1 || only?.Put === undefined) return transact(items);
  try {
    await documentClient.send(
      new PutCommand({ ...only.Put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new TransactionRefused(['ConditionalCheckFailed'], [error.Item && unmarshall(error.Item)]);
    }
    throw error;
  }
}

/** The item at `key`, read consistently (a write just before is seen); undefined when there is none. */
export async function readItem(key: { readonly pk: string; readonly sk: string }) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/**
 * The idempotency claims listed under one partition's records, listed under another's instead (the records moved
 * there: an account merged into another). Each moved once; run again, it finds none or the same and moves them
 * again, unchanged.
 */
export async function relistClaims(fromPartition: string, intoPartition: string): Promise<number> {
  let moved = 0;
  let startKey: Record<string, NativeAttributeValue> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: CLAIMS_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': claimsPartition(fromPartition) },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const written = await sendIfCondition(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi1pk = :into',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':into': claimsPartition(intoPartition) },
        }),
      );
      if (written) moved++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return moved;
}

/** One request of a BatchWriteItem: an item put, or a key deleted, unconditionally. */
export type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, NativeAttributeValue> } }
  | { readonly DeleteRequest: { readonly Key: { readonly pk: string; readonly sk: string } } };

/**
 * Unconditional puts and deletes, 25 to a BatchWriteItem; what DynamoDB leaves unprocessed is sent again after a
 * growing pause, and still left after 8 rounds is an error (the caller's retry does it again: each is idempotent).
 */
export async function writeBatches(requests: readonly WriteRequest[]): Promise<void> {
  for (let offset = 0; offset < requests.length; offset += 25) {
    let pending = requests.slice(offset, offset + 25) as NonNullable<
      BatchWriteCommandInput['RequestItems']
    >[string];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${pending.length} writes left unprocessed by BatchWriteItem.`);
      if (attempt > 0) await sleep(10 * 2 ** Math.min(attempt, CONFLICT_RETRIES) * Math.random());
      const answer = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: pending } }),
      );
      pending = answer.UnprocessedItems?.[TABLE_NAME] ?? [];
    }
  }
}

/**
 * The items at `keys` (at most 100, what one BatchGetItem takes), in the order of `keys`, undefined where there
 * is none, read consistently; keys DynamoDB leaves unprocessed are asked for again. For the few records a
 * message names.
 */
export async function readItems(
  keys: readonly { readonly pk: string; readonly sk: string }[],
): Promise<(Record<string, NativeAttributeValue> | undefined)[]> {
  const keyOf = (key: { readonly pk?: unknown; readonly sk?: unknown }) =>
    `${String(key.pk)}\n${String(key.sk)}`;
  const found = new Map<string, Record<string, NativeAttributeValue>>();
  // BatchGetItem refuses a request that names one key twice.
  let pending: Record<string, NativeAttributeValue>[] | undefined = [
    ...new Map(keys.map((key) => [keyOf(key), { pk: key.pk, sk: key.sk }])).values(),
  ];
  for (let attempt = 0; pending !== undefined && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(10 * 2 ** Math.min(attempt, CONFLICT_RETRIES) * Math.random());
    const answer: BatchGetCommandOutput = await documentClient.send(
      new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of answer.Responses?.[TABLE_NAME] ?? []) found.set(keyOf(item), item);
    pending = answer.UnprocessedKeys?.[TABLE_NAME]?.Keys;
  }
  return keys.map((key) => found.get(keyOf(key)));
}

/** One page of every record of a type, from the type index (TYPE#<type> / <TYPE>#<id>). */
export const listByType = <T>(
  type: string,
  query: { limit: number; cursor?: string | undefined },
  toRecord: (item: Record<string, unknown>) => T,
  newestFirst: boolean,
): Promise<{ items: T[]; nextCursor: string | null }> =>
  indexPage({ index: { index: TYPE_INDEX }, partition: typePartition(type), query, toRecord, newestFirst });

/**
 * Where a record with only its id in the URL lives: the type index names its key, then the record itself is
 * read consistently. Undefined when there is none.
 */
export async function locate(type: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: TYPE_INDEX,
      KeyConditionExpression: `${TYPE_INDEX}pk = :type AND ${TYPE_INDEX}sk = :sk`,
      ExpressionAttributeValues: { ':type': typePartition(type), ':sk': typeSortKey(type, id) },
      ProjectionExpression: 'pk, sk',
    }),
  );
  const key = Items?.[0];
  if (key === undefined) return undefined;
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
  );
  return Item;
}

/**
 * Send a conditional write; false when its condition did not hold — the work was done before, or is not
 * due. That is how the automations stay idempotent: a redelivery finds the condition false and moves on.
 */
export async function sendIfCondition(command: PutCommand | UpdateCommand): Promise<boolean> {
  try {
    if (command instanceof PutCommand) await documentClient.send(command);
    else await documentClient.send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Put an item unless its key is taken; false when it was (the work was done before). */
export const putOnce = (item: Record<string, unknown>): Promise<boolean> =>
  sendIfCondition(
    new PutCommand({ TableName: TABLE_NAME, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
  );

/** The record after a patch: named fields set, `null` ones removed, the version one more. */
export function withPatch<T extends { version: number; updatedAt: string }>(
  record: T,
  patch: Readonly<Record<string, unknown>>,
  now: Date,
): T {
  const next: Record<string, unknown> = {
    ...record,
    updatedAt: now.toISOString(),
    version: record.version + 1,
  };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as T;
}

export interface VersionedUpdate<T extends { version: number }> {
  /** What the record is, for messages: `Deal 01J…`. */
  readonly what: string;
  /** Read the record as it is now (consistently); throws NotFound. */
  readonly read: () => Promise<T>;
  /**
   * Whether the caller may change the record as read (each round: a record handed to someone else meanwhile
   * is refused too); throws, e.g. NotFound under `own` visibility. Absent: anyone who reached the route may.
   */
  readonly guard?: ((current: T) => Promise<void> | void) | undefined;
  /** The record after the change, or a thrown Conflict when the change is not allowed from `current`. */
  readonly change: (current: T, attempt: number) => T;
  /** The item stored for a record (keys and index keys included). */
  readonly item: (record: T) => Record<string, unknown>;
  /**
   * Writes that go with the change (items kept in step with the record, such as its adjacency items): made in
   * the same transaction as the record's write, so with it or not at all.
   */
  readonly with?: ((current: T, next: T) => TransactItem[]) | undefined;
  /** The version the caller read (If-Match): a mismatch is 412, and so is losing a race. */
  readonly ifMatch: number | undefined;
  /** How many read-change-write rounds to try when racing writers keep winning. */
  readonly attempts: number;
  /** The error when every round lost. */
  readonly exhausted: () => Error;
}

/**
 * Read, change, and write the whole record back on the condition that it is still the version read — so
 * no concurrent update is lost. Without If-Match a lost race reads again (the change is re-validated against
 * what won); with If-Match it is a 412.
 */
export const updateVersioned = <T extends { version: number }>(spec: VersionedUpdate<T>): Promise<T> =>
  writeVersioned<T, T>(spec);

export interface VersionedReplace<T extends { version: number }> {
  /** What the record is, for messages: `Quota of olga for month 2026-12-01`. */
  readonly what: string;
  /** The record as it is now (consistently), undefined when there is none yet. */
  readonly read: () => Promise<T | undefined>;
  /** The record to write in place of `current` (none: it is made). */
  readonly next: (current: T | undefined) => T;
  readonly item: (record: T) => Record<string, unknown>;
  /** The version the caller read (If-Match; 0 for a record not made yet): a mismatch is 412. */
  readonly ifMatch: number | undefined;
}

/**
 * Write a record whole, made or replaced (PUT): on the condition that it is still as read — absent, or the
 * version read — so two writers never both win. Without If-Match a lost race reads again; with it, 412.
 */
export async function replaceVersioned<T extends { version: number }>(
  spec: VersionedReplace<T>,
): Promise<{ readonly record: T; readonly created: boolean }> {
  let created = false;
  const record = await writeVersioned<T, T | undefined>({
    what: spec.what,
    read: spec.read,
    change: (current) => {
      created = current === undefined;
      return spec.next(current);
    },
    item: spec.item,
    ifMatch: spec.ifMatch,
    attempts: 4,
    exhausted: () => new Stale(`${spec.what} changed meanwhile; read it again.`),
  });
  return { record, created };
}

/**
 * The loop both share: read, check If-Match (a record not there yet is version 0), change, and write on the
 * condition that the record is still as read — the version read, or still absent.
 */
async function writeVersioned<T extends { version: number }, C extends T | undefined>(
  spec: Omit<VersionedUpdate<T>, 'read' | 'guard' | 'change' | 'with'> & {
    readonly read: () => Promise<C>;
    readonly guard?: ((current: C) => Promise<void> | void) | undefined;
    readonly change: (current: C, attempt: number) => T;
    readonly with?: ((current: C, next: T) => TransactItem[]) | undefined;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await spec.read();
    await spec.guard?.(current);
    const version = current?.version ?? 0;
    if (spec.ifMatch !== undefined && version !== spec.ifMatch) {
      throw new Stale(`${spec.what} is at version ${version}, not ${spec.ifMatch}; read it again.`);
    }
    const next = spec.change(current, attempt);
    const put = {
      TableName: TABLE_NAME,
      Item: spec.item(next),
      ...(current === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': version } }),
    };
    const along = spec.with?.(current, next) ?? [];
    const written =
      along.length === 0
        ? await sendIfCondition(new PutCommand(put))
        : await transactIf([{ Put: put }, ...along]);
    if (written) return stamped(next);
    if (spec.ifMatch !== undefined) throw new Stale(`${spec.what} changed meanwhile; read it again.`);
    if (attempt >= spec.attempts) throw spec.exhausted();
    // Someone else wrote first: read again after a short, jittered pause (so racers spread out).
    await sleep(Math.random() * 10 * attempt);
  }
}

export interface VersionedDelete<T extends { version: number }> {
  /** What the record is, for messages: `Task 01J…`. */
  readonly what: string;
  /** Read the record as it is now (consistently); throws NotFound. */
  readonly read: () => Promise<T>;
  /** Whether the caller may remove the record as read; throws (NotFound under `own` visibility, Conflict). */
  readonly guard?: ((current: T) => Promise<void> | void) | undefined;
  /** The record's key. */
  readonly key: (record: T) => { readonly pk: string; readonly sk: string };
  /** What goes with the record (its claims, its link items): removed in the same transaction, or not at all. */
  readonly with?: ((current: T) => TransactItem[]) | undefined;
  /** The version the caller read (If-Match): a mismatch is 412, and so is losing a race. */
  readonly ifMatch: number | undefined;
}

/**
 * Remove a record on the condition that it is still the version read, with what goes with it, in one
 * transaction — so a change racing the delete is never half undone (a claim freed while its contact stays).
 * Without If-Match a lost race reads again; with If-Match it is a 412. Returns the record as it was.
 */
export async function deleteVersioned<T extends { version: number }>(spec: VersionedDelete<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await spec.read();
    await spec.guard?.(current);
    if (spec.ifMatch !== undefined && current.version !== spec.ifMatch) {
      throw new Stale(`${spec.what} is at version ${current.version}, not ${spec.ifMatch}; read it again.`);
    }
    const removed = await transactIf([
      {
        Delete: {
          TableName: TABLE_NAME,
          Key: spec.key(current),
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': current.version },
        },
      },
      ...(spec.with?.(current) ?? []),
    ]);
    if (removed) return current;
    if (spec.ifMatch !== undefined) throw new Stale(`${spec.what} changed meanwhile; read it again.`);
    if (attempt >= 10) throw new Stale(`${spec.what} changed meanwhile; read it again.`);
    await sleep(Math.random() * 10 * attempt);
  }
}

/** What a job or a report paid for: the items DynamoDB read for it. */
export interface ReadTally {
  read: number;
}

/** Every item of a query, page by page; `tally.read` grows by what DynamoDB scanned for it. */
export async function queryAll(
  input: QueryCommandInput,
  tally: ReadTally,
): Promise<Record<string, NativeAttributeValue>[]> {
  const items: Record<string, NativeAttributeValue>[] = [];
  let start: Record<string, NativeAttributeValue> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    tally.read += page.ScannedCount ?? page.Count ?? 0;
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** Sort keys starting with `prefix`, or between `from` and `to` (inclusive). */
export type SortKeyRange = { readonly prefix: string } | { readonly from: string; readonly to: string };

export interface IndexQuery {
  /** The entity's named index (its physical index is named there, once). */
  readonly index: { readonly index: PhysicalIndex };
  readonly partition: string;
  /** All of the partition when absent. */
  readonly range?: SortKeyRange;
}

/**
 * The key condition of a Query on one partition of an entity's named index, for `queryAll` or a page: add a
 * filter or a projection by extending its names and values (its own are `#pk`, `#sk`, `:pk`, `:prefix`,
 * `:from`, `:to`).
 */
export function indexQuery({ index, partition, range }: IndexQuery) {
  const names = indexAttributes(index.index);
  return {
    TableName: TABLE_NAME,
    IndexName: index.index,
    KeyConditionExpression:
      range === undefined
        ? '#pk = :pk'
        : 'prefix' in range
          ? '#pk = :pk AND begins_with(#sk, :prefix)'
          : '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: {
      '#pk': names.pk,
      ...(range === undefined ? {} : { '#sk': names.sk }),
    } as Record<string, string>,
    ExpressionAttributeValues: {
      ':pk': partition,
      ...(range === undefined
        ? {}
        : 'prefix' in range
          ? { ':prefix': range.prefix }
          : { ':from': range.from, ':to': range.to }),
    } as Record<string, NativeAttributeValue>,
  };
}

export interface IndexPage<T> extends IndexQuery {
  /** Keep only items whose `field` equals `value` (the page is filled up over a few Query rounds). */
  readonly filter?: { readonly field: string; readonly value: string };
  readonly query: { readonly limit: number; readonly cursor?: string | undefined };
  readonly toRecord: (item: Record<string, unknown>) => T;
  /** Descending sort-key order (ascending when absent). */
  readonly newestFirst?: boolean;
}

/** How many Query rounds a filtered page may take to fill up (each reads at most `limit` items). */
const FILL_ROUNDS = 10;

/**
 * One page of an index partition, in sort-key order, with the opaque cursor of the next. With a filter the
 * page is filled up over a few rounds, so a page is short only at the end of the partition (or after
 * FILL_ROUNDS rounds of mostly other items, with the cursor saying where to go on).
 */
export async function indexPage<T>(spec: IndexPage<T>): Promise<{ items: T[]; nextCursor: string | null }> {
  const key = indexQuery(spec);
  const names = indexAttributes(spec.index.index);
  const { filter } = spec;
  let startKey = decodeCursor(spec.query.cursor, ['pk', 'sk', names.pk, names.sk], {
    [names.pk]: spec.partition,
  });
  const items: T[] = [];
  for (let round = 0; round < (filter === undefined ? 1 : FILL_ROUNDS); round++) {
    const page = await documentClient.send(
      new QueryCommand({
        ...key,
        ...(filter === undefined ? {} : { FilterExpression: '#filter = :filter' }),
        ExpressionAttributeNames: {
          ...key.ExpressionAttributeNames,
          ...(filter === undefined ? {} : { '#filter': filter.field }),
        },
        ExpressionAttributeValues: {
          ...key.ExpressionAttributeValues,
          ...(filter === undefined ? {} : { ':filter': filter.value }),
        },
        ...(spec.newestFirst ? { ScanIndexForward: false } : {}),
        Limit: spec.query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) items.push(spec.toRecord(item));
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
    if (startKey === undefined || items.length >= spec.query.limit) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}
