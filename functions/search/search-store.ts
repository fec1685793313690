// The search index in the one table. Each searchable record has a document item (SEARCHDOC#<type>#<id>) with
// what search shows and checks, at the record's version, and one entry item per prefix of its words
// (SEARCH#<prefix> / <placing>#<inverted day>#<inverted id>#<type>#<id>): a query reads the entries of its
// longest word in ranked order, then the documents of those entries, and keeps those that every word matches.
// Entries are written and deleted only in a transaction with their document, checked against the version being
// written: the document lists every entry of the record that exists, so a change, removal or erasure leaves
// none behind, and a redelivered, late or racing older version changes nothing.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey, accountPartition, CONTACT_PREFIX } from '../accounts/index.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { recordOf } from '../platform/entity.ts';
import { Invalid } from '../platform/errors.ts';
import {
  queryAll,
  readItem,
  readItems,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { DEAL_PREFIX } from '../sales/index.ts';
import { TICKET_PREFIX } from '../service/index.ts';
import {
  compareHits,
  documentOf,
  entriesOf,
  holdsWhole,
  type Lookup,
  lookupOf,
  lookupsOf,
  matchOf,
  type SearchDocument,
  type SearchEntry,
  type SearchMatch,
  type SearchType,
  signatureChecks,
  signatureOf,
} from './terms.ts';

const documentKey = (type: SearchType, id: string) => ({ pk: `SEARCHDOC#${type}#${id}`, sk: 'SEARCHDOC' });
const entryPartition = (prefix: string) => `SEARCH#${prefix}`;
const ACTIVITY_DIGITS = 13;
/** The most entries one transaction writes, besides the document. */
const TRANSACTION_WRITES = 99;
/**
 * The layout of a document's entries: 3, prefixes of up to twelve letters signed by a string of the words; 2,
 * prefixes of up to eight so signed; before, signed by a set of prefixes. A document of an earlier layout has all
 * its entries put again by its next change or rebuild (and a rebuild of an earlier layout starts again).
 */
export const SIGNED = 3;
/** How often a change is tried again when another writer of the same document got there between read and write. */
const RACE_RETRIES = 8;

/**
 * An entry as its document lists it: `<prefix>#<placing>#<inverted day>` (the entry's type and id are the
 * document's). Folded words are letters and digits only, so a prefix never holds a `#`.
 */
type EntryName = string;

function entryName(entry: SearchEntry, document: SearchDocument): EntryName {
  // By the day: changes of a record within one day leave its entries where they are (the page sorts by the time).
  const day = Date.parse(document.activityAt.slice(0, 10));
  const inverted = String(10 ** ACTIVITY_DIGITS - 1 - (Number.isNaN(day) ? 0 : day)).padStart(
    ACTIVITY_DIGITS,
    '0',
  );
  return `${entry.prefix}#${entry.exact ? 0 : 1}${entry.rank}#${inverted}`;
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const INVERTED_ALPHABET = [...ULID_ALPHABET].reverse().join('');
/** Ids are ULIDs: inverted, the newest record sorts first among the entries of one placing and day. */
const invertedId = (id: string) =>
  id.replace(
    /[0-9A-Z]/g,
    (character) => INVERTED_ALPHABET.charAt(ULID_ALPHABET.indexOf(character)) || character,
  );

/** An entry item's key: under its prefix, by placing (whole word, field rank), the newest day, the newest record. */
function entryKey(type: SearchType, id: string, name: EntryName) {
  const [prefix = '', placing = '', inverted = ''] = name.split('#');
  return { pk: entryPartition(prefix), sk: `${placing}#${inverted}#${invertedId(id)}#${type}#${id}` };
}

const entryNames = (document: SearchDocument | undefined): EntryName[] =>
  document === undefined ? [] : [...new Set(entriesOf(document).map((entry) => entryName(entry, document)))];

/** A document item as stored. */
export interface StoredDocument {
  readonly version?: number;
  /** The version being written (or written): an older writer stops, an equal one goes on where it was cut. */
  readonly claim?: number;
  readonly document?: SearchDocument;
  /** The entries of this version, all written before the version was. */
  readonly current?: readonly EntryName[];
  /** While a change takes more than one transaction: every entry that may exist (a superset of `current`). */
  readonly held?: ReadonlySet<EntryName>;
  /** Counted up by every write of the document: what a writer checks it is still as read. */
  readonly revision?: number;
  /** How its entries are signed: SIGNED, or (absent) the earlier way, which the next change or rebuild redoes. */
  readonly signed?: number;
  /** An index of an earlier layout: its entries' keys as `pk\nsk` (deleted, and the record indexed anew). */
  readonly entries?: readonly string[];
}

/** What a writer read of the document: nothing (undefined), or its revision. */
type Seen = { readonly revision?: number | undefined } | undefined;
const seenOf = (stored: StoredDocument | undefined): Seen =>
  stored === undefined ? undefined : { revision: stored.revision };

/** The items a record's first indexing writes — its document at `version` and its entries — for a load in bulk. */
export function indexItems(type: SearchType, document: SearchDocument, version: number) {
  const names = entryNames(document);
  return [
    {
      ...documentKey(type, document.id),
      type: 'SearchDocument',
      version,
      claim: version,
      current: names,
      signed: SIGNED,
      document,
    },
    ...names.map((name) => entryItem(type, document.id, name, signatureOf(document))),
  ];
}

const readStored = async (type: SearchType, id: string) =>
  (await readItem(documentKey(type, id))) as StoredDocument | undefined;

/** Another writer of the document changed it between this one's read and its write. */
class Superseded extends Error {}

/** A document update that also drops the list of entries that may exist (they are the current ones now). */
const withoutHeld = <
  T extends { UpdateExpression: string; ExpressionAttributeNames: Record<string, string> },
>(
  update: T,
): T => ({
  ...update,
  UpdateExpression: `${update.UpdateExpression}, #held`,
  ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#held': 'held' },
});

/**
 * One transaction: an update of the document on the condition that it is as read (nothing there, or its
 * revision as read), counting its revision up, and entry writes that land only with it. Returns what the
 * writer has now seen of the document.
 */
async function writeChecked(
  update: {
    readonly Key: { readonly pk: string; readonly sk: string };
    readonly UpdateExpression: string;
    readonly ExpressionAttributeNames: Record<string, string>;
    readonly ExpressionAttributeValues: Record<string, unknown>;
  },
  seen: Seen,
  writes: readonly TransactItem[],
): Promise<Seen> {
  const revision = seen?.revision;
  const Update = {
    TableName: TABLE_NAME,
    ...update,
    UpdateExpression: `${update.UpdateExpression} ADD #revision :one`,
    ConditionExpression:
      seen === undefined
        ? 'attribute_not_exists(pk)'
        : revision === undefined
          ? 'attribute_not_exists(#revision)'
          : '#revision = :seen',
    ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#revision': 'revision' },
    ExpressionAttributeValues: {
      ...update.ExpressionAttributeValues,
      ':one': 1,
      ...(revision === undefined ? {} : { ':seen': revision }),
    },
  };
  try {
    if (writes.length === 0) await documentClient.send(new UpdateCommand(Update));
    else await transact([{ Update }, ...writes]);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new Superseded();
    if (error instanceof TransactionRefused && error.failedAt(0)) throw new Superseded();
    throw error;
  }
  return { revision: (revision ?? 0) + 1 };
}

const entryItem = (type: SearchType, id: string, name: EntryName, signature: string) => ({
  ...entryKey(type, id, name),
  type: 'SearchEntry',
  docType: type,
  docId: id,
  signature,
});
const putEntry = (type: SearchType, id: string, name: EntryName, signature: string): TransactItem => ({
  Put: { TableName: TABLE_NAME, Item: entryItem(type, id, name, signature) },
});
const deleteEntry = (type: SearchType, id: string, name: EntryName): TransactItem => ({
  Delete: { TableName: TABLE_NAME, Key: entryKey(type, id, name) },
});

const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / TRANSACTION_WRITES) }, (_, index) =>
    items.slice(index * TRANSACTION_WRITES, (index + 1) * TRANSACTION_WRITES),
  );

const UNCHANGED = { changed: false, writes: 0 } as const;

/**
 * Index a record at `version` (or remove it, `document` undefined: deleted, erased). An entry is only written
 * or deleted in a transaction with its document, on the condition that the document is as this writer read it:
 * so a racing or late writer of an older version changes nothing (it reads again and stops), and no entry ever
 * exists that its document does not list. A change of up to 99 entries is one transaction; a larger one lists
 * its entries as it puts them (`held`), then writes the version, then deletes the stale ones, so a crash leaves
 * nothing unlisted and a retry at that version finishes the deletes. An older or equal version changes nothing
 * more. `seen`: the document item as just read (null: none), when a batch read it already.
 */
export async function indexDocument(
  type: SearchType,
  id: string,
  document: SearchDocument | undefined,
  version: number,
  seen?: StoredDocument | null,
): Promise<{ readonly changed: boolean; readonly writes: number }> {
  const Key = documentKey(type, id);
  let stored = seen === undefined ? await readStored(type, id) : (seen ?? undefined);
  for (let attempt = 0; ; attempt++) {
    try {
      if (stored !== undefined && (stored.claim ?? stored.version ?? 0) > version) return UNCHANGED;
      let checked = seenOf(stored);
      let writes = 0;
      const legacy = stored?.entries ?? [];
      if (legacy.length > 0) {
        // An index of the earlier layout: its entries deleted first, then the record indexed as if new.
        checked = await dropLegacy(Key, legacy, stored?.version ?? 0, checked);
        writes += Math.ceil(legacy.length / TRANSACTION_WRITES) + legacy.length;
      }
      const current = new Set(legacy.length > 0 ? [] : (stored?.current ?? []));
      const held = new Set(stored?.held ?? current);
      if (
        stored?.version === version &&
        legacy.length === 0 &&
        (stored.signed === SIGNED || stored.document === undefined)
      ) {
        // Indexed at this version: what a cut-short run left to delete goes now.
        const stale = [...held].filter((name) => !current.has(name));
        writes += await deleteStale(Key, type, id, stale, checked);
        return { changed: false, writes };
      }
      const wanted = entryNames(document);
      const signature = document === undefined ? '' : signatureOf(document);
      // A new signature (a word added or gone) is carried by every entry: all are put again — as they are
      // after a cut-short change (`held`), whose entries may carry another's, and entries signed the earlier way.
      const resigned =
        stored?.held !== undefined ||
        (stored?.document !== undefined &&
          (stored.signed !== SIGNED || signatureOf(stored.document) !== signature));
      const puts = resigned ? wanted : wanted.filter((name) => !current.has(name));
      const deletes = [...held].filter((name) => !wanted.includes(name));
      const names = {
        '#type': 'type',
        '#version': 'version',
        '#claim': 'claim',
        '#current': 'current',
        '#signed': 'signed',
      };
      const values = {
        ':type': 'SearchDocument',
        ':version': version,
        ':current': wanted,
        ':signed': SIGNED,
      };
      const body =
        document === undefined
          ? {
              expression: ', #removed = :removed REMOVE #document',
              names: { '#removed': 'removed', '#document': 'document' },
              values: { ':removed': true },
            }
          : {
              expression: ', #document = :document REMOVE #removed',
              names: { '#removed': 'removed', '#document': 'document' },
              values: { ':document': document },
            };
      const finished = {
        Key,
        UpdateExpression: `SET #type = :type, #version = :version, #claim = :version, #current = :current, #signed = :signed${body.expression}`,
        ExpressionAttributeNames: { ...names, ...body.names },
        ExpressionAttributeValues: { ...values, ...body.values },
      };
      if (puts.length + deletes.length <= TRANSACTION_WRITES) {
        // One transaction: the entries and the document listing exactly them.
        await writeChecked(withoutHeld(finished), checked, [
          ...puts.map((name) => putEntry(type, id, name, signature)),
          ...deletes.map((name) => deleteEntry(type, id, name)),
        ]);
        return { changed: true, writes: writes + 1 + puts.length + deletes.length };
      }
      // Several: the entries put and listed as they go, the version written (still listing what is to be
      // deleted), the stale entries deleted.
      const listed = new Set(held);
      for (const chunk of chunks(puts)) {
        for (const name of chunk) listed.add(name);
        checked = await writeChecked(
          {
            Key,
            UpdateExpression: 'SET #type = :type, #claim = :version, #held = :held',
            ExpressionAttributeNames: { '#type': 'type', '#claim': 'claim', '#held': 'held' },
            ExpressionAttributeValues: {
              ':type': 'SearchDocument',
              ':version': version,
              ':held': new Set(listed),
            },
          },
          checked,
          chunk.map((name) => putEntry(type, id, name, signature)),
        );
        writes += 1 + chunk.length;
      }
      checked = await writeChecked(
        deletes.length === 0
          ? withoutHeld(finished)
          : {
              ...finished,
              UpdateExpression: finished.UpdateExpression.replace(/^SET /, 'SET #held = :held, '),
              ExpressionAttributeNames: { ...finished.ExpressionAttributeNames, '#held': 'held' },
              ExpressionAttributeValues: { ...finished.ExpressionAttributeValues, ':held': new Set(listed) },
            },
        checked,
        [],
      );
      return { changed: true, writes: writes + 1 + (await deleteStale(Key, type, id, deletes, checked)) };
    } catch (error) {
      if (!(error instanceof Superseded) || attempt >= RACE_RETRIES) throw error;
      stored = await readStored(type, id);
    }
  }
}

/** The entries of a document that no longer has them deleted, each transaction unlisting its share; the last drops the list. */
async function deleteStale(
  Key: { readonly pk: string; readonly sk: string },
  type: SearchType,
  id: string,
  stale: readonly EntryName[],
  seen: Seen,
) {
  let writes = 0;
  let checked = seen;
  const shares = chunks(stale);
  for (const [index, share] of shares.entries()) {
    const last = index === shares.length - 1;
    checked = await writeChecked(
      {
        Key,
        UpdateExpression: last ? 'REMOVE #held' : 'DELETE #held :share',
        ExpressionAttributeNames: { '#held': 'held' },
        ExpressionAttributeValues: last ? {} : { ':share': new Set(share) },
      },
      checked,
      share.map((name) => deleteEntry(type, id, name)),
    );
    writes += 1 + share.length;
  }
  return writes;
}

/** The entries of an index of the earlier layout deleted, by their keys as it listed them; the last share drops the list. */
async function dropLegacy(
  Key: { readonly pk: string; readonly sk: string },
  keys: readonly string[],
  claim: number,
  seen: Seen,
): Promise<Seen> {
  let checked = seen;
  const shares = chunks(keys);
  for (const [index, share] of shares.entries()) {
    checked = await writeChecked(
      {
        Key,
        // The last share also drops the version (kept as the claim, so an older one still stops): cut short after
        // it, the record is indexed anew all the same.
        UpdateExpression:
          index === shares.length - 1
            ? 'SET #claim = :claim REMOVE #entries, #version'
            : 'SET #entries = :left',
        ExpressionAttributeNames:
          index === shares.length - 1
            ? { '#entries': 'entries', '#version': 'version', '#claim': 'claim' }
            : { '#entries': 'entries' },
        ExpressionAttributeValues:
          index === shares.length - 1
            ? { ':claim': claim }
            : { ':left': keys.slice((index + 1) * TRANSACTION_WRITES) },
      },
      checked,
      share.map((key) => {
        const [pk = '', sk = ''] = key.split('\n');
        return { Delete: { TableName: TABLE_NAME, Key: { pk, sk } } };
      }),
    );
  }
  return checked;
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

/**
 * How much one page may read. A round reads the documents of as many entries as the page still wants (and a
 * few more, for what is passed over or not kept), and no more than ROUND; at most ROUNDS rounds fill a page. A
 * query of several words has DynamoDB check its entries against the other words (the entries' signatures)
 * before any document is read: FILTERED_FIRST entries at first, four times as many each time after, up to
 * FILTERED_MOST; what passes and is not yet taken waits for the next round rather than being read again.
 */
const ROUND = 50;
const SLACK = 2;
const FILTERED_FIRST = 500;
const FILTERED_MOST = 1000;
const ROUNDS = 6;
/** How many of a query's words its first page tries the entries of, to go on with the one that tells most. */
const PROBED = 2;

/** Where a page goes on from: the entry partition it reads, and the entry it read last (none: its start). */
const BEFORE_ANY_ENTRY = ' ';

type Key = Record<string, unknown>;

/** A page's cursor: the entry it goes on after (sk BEFORE_ANY_ENTRY: the partition's start), and the word read. */
interface PageCursor {
  readonly pk: string;
  readonly sk: string;
  readonly word?: string | undefined;
}

/** A cursor of this layout, or of the one before (without the word: its partition says which). */
function decodePageCursor(cursor: string | undefined): PageCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor, ['pk', 'sk', 'word']) as PageCursor | undefined;
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return decodeCursor(cursor, ['pk', 'sk']) as PageCursor | undefined;
  }
}

const partitionsOf = (lookup: Lookup) => [
  ...(lookup.whole === undefined ? [] : [entryPartition(lookup.whole)]),
  entryPartition(lookup.prefix),
];

type Checks = ReturnType<typeof signatureChecks>;

/**
 * The entries of one partition after `from`, up to `limit` of them read (and those `checks` let through: an
 * entry signed the earlier way, by a set, by the words' first letters).
 */
async function readEntries(partition: string, checks: Checks, limit: number, from?: Key) {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(checks.length === 0 ? {} : { ':set': 'SS' }),
        ...Object.fromEntries(
          checks.flatMap((check, index) => [
            [`:check${index}`, check.word],
            [`:legacy${index}`, check.legacy],
          ]),
        ),
      },
      ...(checks.length === 0
        ? {}
        : {
            FilterExpression: checks
              .map(
                (_, index) =>
                  `(contains(#signature, :check${index}) OR (attribute_type(#signature, :set) AND contains(#signature, :legacy${index})))`,
              )
              .join(' AND '),
            ExpressionAttributeNames: { '#signature': 'signature' },
          }),
      Limit: limit,
      ExclusiveStartKey: from,
    }),
  );
  return {
    items: page.Items ?? [],
    from: page.LastEvaluatedKey,
    // What DynamoDB read (and bills), not only what passed the filter.
    read: page.ScannedCount ?? page.Items?.length ?? 0,
  };
}
type EntriesRead = Awaited<ReturnType<typeof readEntries>>;

/**
 * The word a page is looked up by. A later page goes on with the one its cursor names. A first page of several
 * words reads the first entries of the longest, checked against the others; unless they fill the page or are
 * all there is, it reads those of the next PROBED - 1 words at once and goes on with the word that tells most:
 * one whose entries it read to their end (every candidate known, the fewest first), else the one most of
 * whose entries passed.
 */
async function chooseLookup(words: readonly string[], cursor: PageCursor | undefined, wants: number) {
  const lookups = lookupsOf(words);
  if (cursor !== undefined) {
    // The word named (two words may share a partition: a word and a longer one it begins).
    const lookup = lookups.find(
      (candidate) =>
        (cursor.word === undefined || candidate.word === cursor.word) &&
        partitionsOf(candidate).includes(cursor.pk),
    );
    if (lookup === undefined) {
      throw new Invalid([{ path: 'query.cursor', message: 'The cursor is not valid here.' }]);
    }
    return { lookup, probe: undefined, read: 0 };
  }
  const first = lookups[0] as Lookup;
  if (lookups.length === 1) return { lookup: first, probe: undefined, read: 0 };
  const probe = (lookup: Lookup) =>
    readEntries(partitionsOf(lookup)[0] as string, signatureChecks(words, lookup.word), FILTERED_FIRST);
  const firstProbe = await probe(first);
  if (firstProbe.from === undefined || firstProbe.items.length >= wants) {
    return { lookup: first, probe: firstProbe, read: firstProbe.read };
  }
  const probed = lookups.slice(0, PROBED);
  const probes = [firstProbe, ...(await Promise.all(probed.slice(1).map(probe)))];
  const score = (read: EntriesRead) => (read.from === undefined ? FILTERED_FIRST + 1 : read.items.length);
  let best = 0;
  for (const [index, read] of probes.entries()) {
    const current = probes[best] as EntriesRead;
    if (
      score(read) > score(current) ||
      (read.from === undefined && current.from === undefined && read.items.length < current.items.length)
    ) {
      best = index;
    }
  }
  return {
    lookup: probed[best] as Lookup,
    probe: probes[best] as EntriesRead,
    read: probes.reduce((sum, read) => sum + read.read, 0),
  };
}

/**
 * One page of hits: the entries of the word that tells most read in ranked order (a long word's whole-word
 * entries, then its prefix entries, passing over what the first found), each round's documents read at once,
 * kept when every word matches; the page sorted by compareHits. `read` counts the items read.
 */
export async function searchPage(query: SearchQuery) {
  // A cursor is checked whatever the query finds: a bad one is a 400 even when nothing could match.
  const cursor = decodePageCursor(query.cursor);
  const cursorKey = cursor === undefined ? undefined : { pk: cursor.pk, sk: cursor.sk };
  if (lookupOf(query.words) === undefined || query.types.length === 0) {
    return { hits: [], nextCursor: null, read: 0 };
  }
  const chosen = await chooseLookup(query.words, cursor, Math.min(ROUND, query.limit + SLACK));
  const { lookup } = chosen;
  const partitions = partitionsOf(lookup);
  let place = cursorKey === undefined ? 0 : partitions.indexOf(String(cursorKey.pk));
  // Where DynamoDB goes on in the partition read now (undefined, once `ended`: it has no more).
  let from: Key | undefined = cursorKey?.sk === BEFORE_ANY_ENTRY ? undefined : cursorKey;
  let ended = false;
  // Entries read from the partition and not yet taken, in order; the last entry taken.
  const waiting: Key[] = [];
  let last: Key | undefined;
  const checks = signatureChecks(query.words, lookup.word);
  // Among a long word's prefix entries (words sharing its first letters), only those of words it begins pass.
  const checksAt = (at: number) =>
    at > 0 && lookup.whole !== undefined ? [...checks, ...signatureChecks([lookup.word], '')] : checks;
  let checking = FILTERED_FIRST;
  let read = chosen.read;
  if (chosen.probe !== undefined) {
    waiting.push(...chosen.probe.items);
    from = chosen.probe.from;
    ended = from === undefined;
    checking = Math.min(FILTERED_MOST, checking * 4);
  }
  const hits = new Map<string, SearchHit>();
  let full = false;
  for (let round = 0; round < ROUNDS && !full; round++) {
    const wants = Math.min(ROUND, query.limit - hits.size + SLACK);
    if (waiting.length < wants && !ended) {
      const checked = checksAt(place);
      const page = await readEntries(
        partitions[place] as string,
        checked,
        checked.length === 0 ? wants - waiting.length : checking,
        from,
      );
      read += page.read;
      waiting.push(...page.items);
      from = page.from;
      ended = from === undefined;
      checking = Math.min(FILTERED_MOST, checking * 4);
    }
    const entries = waiting.splice(0, wants);
    const wanted = entries.filter((entry) => query.types.includes(entry.docType as SearchType));
    const documents = await readItems(
      wanted.map((entry) => documentKey(entry.docType as SearchType, String(entry.docId))),
    );
    read += documents.filter((item) => item !== undefined).length;
    // After the whole-word entries: what they found is passed over among the prefix entries.
    const passedOver = (document: SearchDocument) =>
      lookup.whole !== undefined && place > 0 && holdsWhole(document, lookup.whole);
    const matched = new Map<string, SearchHit>();
    for (const item of documents) {
      const document = item?.document as SearchDocument | undefined;
      if (document === undefined || !query.types.includes(document.type) || passedOver(document)) continue;
      const match = matchOf(document, query.words);
      if (match !== undefined) matched.set(String(item?.pk), { document, match });
    }
    await query.prepare?.([...matched.values()].map((hit) => hit.document));
    for (const entry of entries) {
      last = { pk: String(entry.pk), sk: String(entry.sk) };
      const key = documentKey(entry.docType as SearchType, String(entry.docId)).pk;
      const hit = matched.get(key);
      if (hit === undefined || hits.has(key) || !(query.keep?.(hit.document) ?? true)) continue;
      hits.set(key, hit);
      // The page is full here: the next one goes on after this entry.
      full = hits.size >= query.limit;
      if (full) break;
    }
    if (!full && ended && waiting.length === 0) {
      // This partition read to its end: on to the next, if any.
      place++;
      if (place >= partitions.length) break;
      from = undefined;
      last = undefined;
      ended = false;
      checking = FILTERED_FIRST;
    }
  }
  // The next page goes on after the last entry taken; with none waiting, where DynamoDB stopped (past what the
  // filter dropped), or at the start of the partition the page had moved on to.
  const next =
    place >= partitions.length
      ? undefined
      : full || waiting.length > 0
        ? last
        : (from ?? { pk: partitions[place] as string, sk: BEFORE_ANY_ENTRY });
  return {
    hits: [...hits.values()].sort(compareHits),
    nextCursor: encodeCursor(next === undefined ? undefined : { ...next, word: lookup.word }),
    read,
  };
}

/** The version a removal for good is written at (an erased or merged-away record): nothing comes after it. */
const FOR_GOOD = Number.MAX_SAFE_INTEGER;

/** A record as it is now, indexed at its version (or removed, being an erased contact). */
export const indexRecord = (
  type: SearchType,
  record: Record<string, unknown>,
  seen?: StoredDocument | null,
) => indexDocument(type, String(record.id), documentOf(type, record), Number(record.version ?? 0), seen);

/**
 * Records of one type as they are now, their documents read 100 to a BatchGetItem (a record indexed at its
 * version costs that read alone). Returns how many changed.
 */
export async function indexRecords(type: SearchType, records: readonly Record<string, unknown>[]) {
  let changed = 0;
  for (let offset = 0; offset < records.length; offset += 100) {
    const share = records.slice(offset, offset + 100);
    const stored = await readItems(share.map((record) => documentKey(type, String(record.id))));
    for (const [index, record] of share.entries()) {
      const seen = (stored[index] as StoredDocument | undefined) ?? null;
      if ((await indexRecord(type, record, seen)).changed) changed++;
    }
  }
  return changed;
}

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
        // Right after a merge's last batch: every moved record is read.
        ConsistentRead: true,
      },
      { read: 0 },
    );
    changed += await indexRecords(
      type,
      items.filter((item) => item.type === itemType).map((item) => recordOf<Record<string, unknown>>(item)),
    );
  }
  return changed;
}
