// The search index in the one table. Each searchable record has a document item (SEARCHDOC#<type>#<id>) with
// what search shows and checks, at the record's version, and one entry item per prefix of its words
// (SEARCH#<prefix> / <placing>#<inverted activity>#<type>#<id>): a query reads the entries of its longest word in
// ranked order, then the documents of those entries, and keeps those that every word matches. Entries are
// written before the document and the stale ones removed after it, so a crash between leaves at most entries
// the document no longer matches, which a query passes over; a redelivered or older version changes nothing.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { readItem, readItems, sendIfCondition, type WriteRequest, writeBatches } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import {
  compareHits,
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

/** An entry's sort key: its placing (whole word, field rank), then the newest first, then the record. */
function entrySortKey(entry: SearchEntry, document: SearchDocument): string {
  const placing = `${entry.exact ? 0 : 1}${entry.rank}`;
  const time = Date.parse(document.activityAt);
  const inverted = String(10 ** ACTIVITY_DIGITS - 1 - (Number.isNaN(time) ? 0 : time)).padStart(
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
    const byKey = new Map(documents.flatMap((item) => (item === undefined ? [] : [[String(item.pk), item]])));
    startKey = page.LastEvaluatedKey as typeof startKey;
    for (const entry of entries) {
      const key = documentKey(entry.docType as SearchType, String(entry.docId)).pk;
      const document = byKey.get(key)?.document as SearchDocument | undefined;
      if (document === undefined || hits.has(key) || !query.types.includes(document.type)) continue;
      const match = matchOf(document, query.words);
      if (match === undefined || !(query.keep?.(document) ?? true)) continue;
      hits.set(key, { document, match });
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
