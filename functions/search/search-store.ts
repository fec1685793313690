// The search index in the one table. Each searchable record has a document item (SEARCHDOC#<type>#<id>) with
// what search shows and checks, at the record's version, and one entry item per prefix of its words
// (SEARCH#<prefix> / <placing>#<inverted activity>#<type>#<id>): a query reads the entries of its longest word in
// ranked order, then the documents of those entries, and keeps those that every word matches. Entries are
// written before the document and the stale ones removed after it, so a crash between leaves at most entries
// the document no longer matches, which a query passes over; a redelivered or older version changes nothing.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey, accountPartition, CONTACT_PREFIX } from '../accounts/index.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { recordOf } from '../platform/entity.ts';
import {
  queryAll,
  readItem,
  readItems,
  sendIfCondition,
  type WriteRequest,
  writeBatches,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { DEAL_PREFIX } from '../sales/index.ts';
import { TICKET_PREFIX } from '../service/index.ts';
import {
  compareHits,
  documentOf,
  entriesOf,
  lookupWord,
  matchOf,
  type SearchDocument,
  type SearchEntry,
  type SearchMatch,
  type SearchType,
} from './terms.ts';

const documentKey = (type: SearchType, id: string) => ({ pk: `SEARCHDOC#${type}#${id}`, sk: 'SEARCHDOC' });
const entryPartition = (prefix: string) => `SEARCH#${prefix}`;
const ACTIVITY_DIGITS = 13;

/** An entry's sort key: its placing (whole word, field rank), then the newest day first, then the record. */
function entrySortKey(entry: SearchEntry, document: SearchDocument): string {
  const placing = `${entry.exact ? 0 : 1}${entry.rank}`;
  // By the day: changes of a record within one day leave its entries where they are (the page sorts by the time).
  const day = Date.parse(document.activityAt.slice(0, 10));
  const inverted = String(10 ** ACTIVITY_DIGITS - 1 - (Number.isNaN(day) ? 0 : day)).padStart(
    ACTIVITY_DIGITS,
    '0',
  );
  return `${placing}#${inverted}#${document.type}#${document.id}`;
}

const entryKeys = (document: SearchDocument) =>
  entriesOf(document).map((entry) => ({
    pk: entryPartition(entry.prefix),
    sk: entrySortKey(entry, document),
  }));

const keyText = (key: { readonly pk: string; readonly sk: string }) => `${key.pk}\n${key.sk}`;

interface StoredDocument {
  readonly document: SearchDocument;
  readonly version: number;
  /** The entries written for it, as `pk\nsk`: what a change or removal deletes. */
  readonly entries: readonly string[];
}

async function storedDocument(type: SearchType, id: string): Promise<StoredDocument | undefined> {
  const item = await readItem(documentKey(type, id));
  return item === undefined ? undefined : (item as unknown as StoredDocument);
}

/**
 * Index a record at `version` (or remove it, `document` undefined: deleted, erased): entries first, then the
 * document on the condition that it is older, then the entries it no longer has. Returns whether it changed
 * anything; an older or equal version changes nothing.
 */
export async function indexDocument(
  type: SearchType,
  id: string,
  document: SearchDocument | undefined,
  version: number,
): Promise<{ readonly changed: boolean; readonly writes: number }> {
  const held = await storedDocument(type, id);
  if (held !== undefined && held.version >= version) return { changed: false, writes: 0 };
  const keys = document === undefined ? [] : entryKeys(document);
  const wanted = new Set(keys.map(keyText));
  const had = new Set(held?.entries ?? []);
  const puts: WriteRequest[] = keys
    .filter((key) => !had.has(keyText(key)))
    .map((key) => ({ PutRequest: { Item: { ...key, type: 'SearchEntry', docType: type, docId: id } } }));
  await writeBatches(puts);
  const written = await sendIfCondition(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...documentKey(type, id),
        type: 'SearchDocument',
        version,
        ...(document === undefined ? { removed: true } : { document }),
        entries: [...wanted],
      },
      ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
      ExpressionAttributeValues: { ':version': version },
    }),
  );
  // A newer version was indexed meanwhile: its entries stand, and the ones just put are passed over.
  if (!written) return { changed: false, writes: puts.length };
  const deletes: WriteRequest[] = [...had]
    .filter((key) => !wanted.has(key))
    .map((key) => {
      const [pk = '', sk = ''] = key.split('\n');
      return { DeleteRequest: { Key: { pk, sk } } };
    });
  await writeBatches(deletes);
  return { changed: true, writes: puts.length + 1 + deletes.length };
}

export interface SearchQuery {
  readonly words: readonly string[];
  readonly types: readonly SearchType[];
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Called with each round's documents that every word matches, before `keep` (to read what it checks). */
  readonly prepare?: (documents: readonly SearchDocument[]) => Promise<void>;
  /** Keeps a document or not (filters, and what the caller may see). */
  readonly keep?: (document: SearchDocument) => boolean;
}

export interface SearchHit {
  readonly document: SearchDocument;
  readonly match: SearchMatch;
}

/** How many entries one round reads, and how many rounds a page may take to fill up. */
const ROUND = 50;
const ROUNDS = 6;

/**
 * One page of hits: the entries of the longest word read in ranked order, each round's documents read at once,
 * kept when every word matches; the page sorted by compareHits. `read` counts the items read.
 */
export async function searchPage(query: SearchQuery) {
  const lookup = lookupWord(query.words);
  if (lookup === undefined) return { hits: [], nextCursor: null, read: 0 };
  const partition = entryPartition(lookup);
  let startKey = decodeCursor(query.cursor, ['pk', 'sk'], { pk: partition });
  const hits = new Map<string, SearchHit>();
  let read = 0;
  for (let round = 0; round < ROUNDS && hits.size < query.limit; round++) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: ROUND,
        ExclusiveStartKey: startKey,
      }),
    );
    const entries = page.Items ?? [];
    read += entries.length;
    const wanted = entries.filter((entry) => query.types.includes(entry.docType as SearchType));
    const documents = await readItems(
      wanted.map((entry) => documentKey(entry.docType as SearchType, String(entry.docId))),
    );
    read += documents.filter((item) => item !== undefined).length;
    const matched = new Map<string, SearchHit>();
    for (const item of documents) {
      const document = item?.document as SearchDocument | undefined;
      if (document === undefined || !query.types.includes(document.type)) continue;
      const match = matchOf(document, query.words);
      if (match !== undefined) matched.set(String(item?.pk), { document, match });
    }
    await query.prepare?.([...matched.values()].map((hit) => hit.document));
    startKey = page.LastEvaluatedKey as typeof startKey;
    for (const entry of entries) {
      const key = documentKey(entry.docType as SearchType, String(entry.docId)).pk;
      const hit = matched.get(key);
      if (hit === undefined || hits.has(key) || !(query.keep?.(hit.document) ?? true)) continue;
      hits.set(key, hit);
      if (hits.size >= query.limit) {
        // The page is full here: the next one goes on after this entry.
        startKey = { pk: String(entry.pk), sk: String(entry.sk) };
        break;
      }
    }
    if (startKey === undefined) break;
  }
  return {
    hits: [...hits.values()].sort(compareHits),
    nextCursor: encodeCursor(startKey),
    read,
  };
}

/** The version a removal for good is written at (an erased or merged-away record): nothing comes after it. */
const FOR_GOOD = Number.MAX_SAFE_INTEGER;

/** A record as it is now, indexed at its version (or removed, being an erased contact). */
export const indexRecord = (type: SearchType, record: Record<string, unknown>) =>
  indexDocument(type, String(record.id), documentOf(type, record), Number(record.version ?? 0));

/** A record removed (at the version after its last), or gone for good (erased, merged into another). */
export const removeRecord = (type: SearchType, id: string, lastVersion?: number) =>
  indexDocument(type, id, undefined, lastVersion === undefined ? FOR_GOOD : lastVersion + 1);

const UNDER_ACCOUNT = [
  { type: 'contact', prefix: CONTACT_PREFIX, item: 'Contact' },
  { type: 'deal', prefix: DEAL_PREFIX, item: 'Deal' },
  { type: 'ticket', prefix: TICKET_PREFIX, item: 'Ticket' },
] as const;

/**
 * An account, its contacts, deals and tickets indexed as they are now: what an account merge moved in (their
 * documents still name the merged account), what an erasure rewrote (without announcing it). One read of the
 * account and one Query of each record type's key range; history entries under them are passed over; a
 * record at the version indexed already costs nothing.
 */
export async function reindexAccount(accountId: string): Promise<number> {
  let changed = 0;
  const account = await readItem(accountKey(accountId));
  if (account !== undefined && (await indexRecord('account', recordOf(account))).changed) changed++;
  for (const { type, prefix, item: itemType } of UNDER_ACCOUNT) {
    const items = await queryAll(
      {
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':prefix': prefix },
      },
      { read: 0 },
    );
    for (const item of items) {
      if (item.type !== itemType) continue;
      if ((await indexRecord(type, recordOf<Record<string, unknown>>(item))).changed) changed++;
    }
  }
  return changed;
}
