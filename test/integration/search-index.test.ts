// The search index against DynamoDB Local: documents and their prefix entries written at a record's version,
// read by one Query of the longest word's entries and a BatchGet of their documents. A change moves a record
// to its new words and out of its old ones; an older or redelivered version changes nothing; a removal leaves
// nothing behind; entries a crash left stale are passed over; pages follow each other without repeats.
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/platform/clients.ts';
import { writeBatches } from '../../functions/platform/store.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { indexDocument, indexItems, searchPage } from '../../functions/search/search-store.ts';
import {
  documentOf,
  entriesOf,
  queryWords,
  SEARCH_TYPES,
  type SearchDocument,
} from '../../functions/search/terms.ts';

// A word of this run alone (consonants only, so folding leaves it as it is; short enough that the index holds it
// whole), so runs against a kept table do not see each other.
const CONSONANTS = 'bcdfghklmnpqrstvwxz';
const stem = `q${Array.from({ length: 4 }, () => CONSONANTS.charAt(Math.floor(Math.random() * CONSONANTS.length))).join('')}`;
const Stem = stem[0]?.toUpperCase() + stem.slice(1);

const account = (id: string, name: string, updatedAt = '2026-11-01T00:00:00.000Z', extra = {}) =>
  documentOf('account', { id, name, updatedAt, relationship: 'client', ...extra }) as SearchDocument;
const search = (q: string, extra: Partial<Parameters<typeof searchPage>[0]> = {}) =>
  searchPage({ words: queryWords(q), types: [...SEARCH_TYPES], limit: 20, ...extra });
const ids = (page: Awaited<ReturnType<typeof search>>) => page.hits.map((hit) => hit.document.id);

/** `count` entries of `word` that no document stands behind, signed by that word alone, newer than the records. */
async function padEntries(word: string, count: number) {
  const padding = indexItems('account', account(`${stem}-pad`, word, '2026-11-30T00:00:00.000Z'), 1).find(
    (item) => item.pk === `SEARCH#${word}`,
  );
  if (padding === undefined) throw new Error(`no entry of ${word}`);
  await writeBatches(
    Array.from({ length: count }, (_, index) => ({
      PutRequest: { Item: { ...padding, sk: `${padding.sk}${index}`, docId: `${stem}-pad-${word}${index}` } },
    })),
  );
}

/** `count` accounts `${stem}-<label>-<n>` named `name(n)`, the n-th changed on day n + 1 of `month`, indexed. */
async function indexAccounts(label: string, count: number, name: (index: number) => string, month: string) {
  const made = Array.from({ length: count }, (_, index) => `${stem}-${label}-${index}`);
  for (const [index, id] of made.entries()) {
    await indexDocument('account', id, account(id, name(index), `${month}-0${index + 1}T00:00:00.000Z`), 1);
  }
  return made;
}

/** Up to `most` pages of `limit` hits of `q`, one after another: the hits' ids in order, and each page's reads. */
async function pages(q: string, limit: number, most: number) {
  const seen: string[] = [];
  const reads: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < most; page++) {
    const answer = await search(q, { limit, cursor });
    seen.push(...ids(answer));
    reads.push(answer.read);
    if (answer.nextCursor === null) break;
    cursor = answer.nextCursor;
  }
  return { seen, reads };
}

async function entriesNaming(prefix: string, id: string) {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SEARCH#${prefix}` },
    }),
  );
  return (page.Items ?? []).filter((entry) => entry.docId === id);
}

describe('the search index', () => {
  it('finds records by any prefix of their words, ranked, narrowed by every word and by type', async () => {
    const exact = `${stem}-exact`;
    const longer = `${stem}-longer`;
    const contact = `${stem}-contact`;
    const first = await indexDocument('account', exact, account(exact, `${Stem} Consulting`), 1);
    // One document item and one entry per prefix: the writes of a record's first indexing.
    expect(first).toEqual({
      changed: true,
      writes: entriesOf(account(exact, `${Stem} Consulting`)).length + 1,
    });
    await indexDocument('account', longer, account(longer, `${Stem}mann Bau`, '2026-11-30T00:00:00.000Z'), 1);
    await indexDocument(
      'contact',
      contact,
      documentOf('contact', {
        id: contact,
        accountId: exact,
        name: 'Anna Schmidt',
        email: `anna@${stem}.de`,
        phone: '+49 30 7654321',
        updatedAt: '2026-12-01T00:00:00.000Z',
      }),
      1,
    );
    // Prefix: both accounts, the newer first; the contact by its e-mail domain after the names.
    expect(ids(await search(stem.slice(0, 4)))).toEqual([longer, exact, contact]);
    // The whole word: the exact name first, then the contact whose domain is that word, then the longer name.
    const whole = await search(stem);
    expect(ids(whole)).toEqual([exact, contact, longer]);
    expect(whole.hits[1]?.match.field).toBe('email');
    expect(ids(await search(`${stem} consult`))).toEqual([exact]);
    expect(ids(await search(`${stem.slice(0, 3)} anna`))).toEqual([contact]);
    expect(ids(await search(stem, { types: ['contact'] }))).toEqual([contact]);
    expect(ids(await search(stem, { keep: (document) => document.id !== exact }))).toEqual([contact, longer]);
    expect(ids(await search('030/765432'))).toContain(contact);
    expect(await search('q')).toEqual({ hits: [], nextCursor: null, read: 0 });
  });

  it('follows a change to its new words, passes over an older version, and removes a record without a trace', async () => {
    const id = `${stem}-renamed`;
    const old = `${stem}al`;
    const renamed = `${stem}ne`;
    await indexDocument('account', id, account(id, old), 1);
    expect(ids(await search(old))).toEqual([id]);
    expect((await indexDocument('account', id, account(id, renamed), 2)).changed).toBe(true);
    expect(ids(await search(old))).toEqual([]);
    expect(ids(await search(renamed))).toEqual([id]);
    expect(await entriesNaming(old, id)).toEqual([]);
    // Redelivered, or arriving late: nothing changes.
    expect(await indexDocument('account', id, account(id, renamed), 2)).toEqual({
      changed: false,
      writes: 0,
    });
    expect(await indexDocument('account', id, account(id, old), 1)).toEqual({ changed: false, writes: 0 });
    expect(ids(await search(old))).toEqual([]);
    // A change of activity alone moves its entries (the newest first), and no entry is left twice.
    await indexDocument('account', id, account(id, renamed, '2026-12-02T00:00:00.000Z'), 3);
    expect(await entriesNaming(renamed, id)).toHaveLength(1);
    // A change later that day, of no searched word: the document alone is written.
    expect(await indexDocument('account', id, account(id, renamed, '2026-12-02T17:30:00.000Z'), 4)).toEqual({
      changed: true,
      writes: 1,
    });
    // Removed: found by nothing, and its entries are gone.
    expect((await indexDocument('account', id, undefined, 5)).changed).toBe(true);
    expect(ids(await search(renamed))).toEqual([]);
    expect(await entriesNaming(renamed, id)).toEqual([]);
    expect((await indexDocument('account', id, account(id, renamed), 4)).changed).toBe(false);
  });

  it('leaves no entry its document does not list when older versions race a newer one, and a removal none at all', async () => {
    const id = `${stem}-raced`;
    const word = (version: number) => `${stem}v${String.fromCharCode(97 + version)}`;
    // Versions 1–6, each of its own word, written at once in every order: the newest stands, alone.
    const versions = [3, 1, 6, 2, 5, 4];
    await Promise.all(
      versions.map((version) => indexDocument('account', id, account(id, word(version)), version)),
    );
    for (const version of versions) {
      expect(await entriesNaming(word(version), id)).toHaveLength(version === 6 ? 1 : 0);
    }
    expect(ids(await search(word(6)))).toEqual([id]);
    // Removed while a late change races it: nothing of the record is left under any prefix.
    await Promise.all([
      indexDocument('account', id, undefined, 8),
      indexDocument('account', id, account(id, word(7)), 7),
    ]);
    for (const version of [...versions, 7]) expect(await entriesNaming(word(version), id)).toEqual([]);
    expect(await entriesNaming(stem, id)).toEqual([]);
  });

  it('a change of more entries than one transaction takes: listed as they are put, finished by a retry after a crash', async () => {
    const id = `${stem}-wide`;
    // 16 words of 9 letters, no two with a prefix in common: 16 × 7 entries, more than one transaction's 99.
    const words = Array.from(
      { length: 16 },
      (_, index) =>
        `${String.fromCharCode(97 + index)}${stem.slice(1)}${String.fromCharCode(97 + index).repeat(4)}`,
    );
    const entries = entriesOf(account(id, words.join(' '))).length;
    expect(entries).toBeGreaterThan(99);
    const first = await indexDocument('account', id, account(id, words.join(' ')), 1);
    // Two transactions of entries (each with the document's listing), then the document's version.
    expect(first).toEqual({ changed: true, writes: 2 + entries + 1 });
    expect(ids(await search(words[15] ?? ''))).toContain(id);
    // Renamed to other words: every old entry goes (more than 99 deletes), the new ones are found.
    const others = words.map((word) => `${word[0]}y${word.slice(2)}`);
    await indexDocument('account', id, account(id, others.join(' ')), 2);
    for (const word of words) expect(await entriesNaming(word.slice(0, 8), id)).toEqual([]);
    expect(ids(await search(others[3] ?? ''))).toContain(id);
    expect(await indexDocument('account', id, account(id, others.join(' ')), 2)).toEqual({
      changed: false,
      writes: 0,
    });
    // A crash after version 2 was written and before its stale entries went: one is still there, and listed.
    const day = String(10 ** 13 - 1 - Date.parse('2026-11-01')).padStart(13, '0');
    const prefix = words[0]?.slice(0, 8) ?? '';
    const stale = { pk: `SEARCH#${prefix}`, sk: `10#${day}#${id}#account#${id}` };
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...stale, type: 'SearchEntry', docType: 'account', docId: id },
      }),
    );
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: `SEARCHDOC#account#${id}`, sk: 'SEARCHDOC' },
        UpdateExpression: 'ADD #held :stale',
        ExpressionAttributeNames: { '#held': 'held' },
        ExpressionAttributeValues: { ':stale': new Set([`${prefix}#10#${day}`]) },
      }),
    );
    expect(await entriesNaming(prefix, id)).toHaveLength(1);
    // The event redelivered at version 2 finishes the deletes (the entry, and the list with it).
    expect(await indexDocument('account', id, account(id, others.join(' ')), 2)).toEqual({
      changed: false,
      writes: 2,
    });
    expect(await entriesNaming(prefix, id)).toEqual([]);
    await indexDocument('account', id, undefined, 3);
    for (const word of others) expect(await entriesNaming(word.slice(0, 8), id)).toEqual([]);
  });

  it('a removal of more than 99 entries cut short leaves them listed, and its retry deletes them', async () => {
    const id = `${stem}-cut`;
    const words = Array.from(
      { length: 16 },
      (_, index) =>
        `${String.fromCharCode(97 + index)}${stem.slice(1)}c${String.fromCharCode(97 + index).repeat(3)}`,
    );
    await indexDocument('account', id, account(id, words.join(' ')), 1);
    // The second transaction of the removal's deletes fails, as a timed-out function's would.
    let transactions = 0;
    const crash = 'crashSecondTransaction';
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName).startsWith('TransactWrite') && ++transactions === 2)
          throw new Error('cut short');
        return next(args);
      },
      { step: 'initialize', name: crash },
    );
    try {
      await expect(indexDocument('account', id, undefined, 2)).rejects.toThrow('cut short');
    } finally {
      documentClient.middlewareStack.remove(crash);
    }
    const left = (await Promise.all(words.map((word) => entriesNaming(word.slice(0, 8), id)))).flat();
    expect(left.length).toBeGreaterThan(0);
    // The event's retry, at the same version, deletes what is left.
    await indexDocument('account', id, undefined, 2);
    for (const word of words) expect(await entriesNaming(word.slice(0, 8), id)).toEqual([]);
    for (const word of words) expect(await entriesNaming(word.slice(0, 2), id)).toEqual([]);
  });

  it('older versions of more than 99 entries racing a newer one leave only the newest', async () => {
    const id = `${stem}-wide-race`;
    const wordsOf = (version: number) =>
      Array.from(
        { length: 16 },
        (_, index) =>
          `${String.fromCharCode(97 + index)}${CONSONANTS.charAt(version)}${stem.slice(2)}${String.fromCharCode(97 + index).repeat(3)}`,
      );
    await Promise.all(
      [2, 4, 1, 3].map((version) =>
        indexDocument('account', id, account(id, wordsOf(version).join(' ')), version),
      ),
    );
    for (const version of [1, 2, 3, 4]) {
      for (const word of wordsOf(version)) {
        expect(await entriesNaming(word.slice(0, 8), id), `${version} ${word}`).toHaveLength(
          version === 4 ? 1 : 0,
        );
      }
    }
  });

  it('an index of the earlier layout is replaced whole, its entries deleted by the keys it listed', async () => {
    const id = `${stem}-legacy`;
    const word = `${stem}lgc`;
    const old = { pk: `SEARCH#${word}`, sk: `00#0000000000000#account#${id}` };
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...old, type: 'SearchEntry', docType: 'account', docId: id },
      }),
    );
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          pk: `SEARCHDOC#account#${id}`,
          sk: 'SEARCHDOC',
          type: 'SearchDocument',
          version: 1,
          document: account(id, word),
          entries: [`${old.pk}\n${old.sk}`],
        },
      }),
    );
    // The rebuild indexes it at its version all the same.
    expect((await indexDocument('account', id, account(id, word), 1)).changed).toBe(true);
    const entries = await entriesNaming(word, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.sk).not.toBe(old.sk);
    expect(ids(await search(`${word} ${word}`))).toEqual([id]);
  });

  it('finds a long word whole before the longer words it begins, across pages, each once', async () => {
    const word = `${stem}kraftwerk`;
    const exact = [`${stem}-long-exact-0`, `${stem}-long-exact-1`];
    const longer = [0, 1, 2].map((index) => `${stem}-long-prefix-${index}`);
    for (const [index, id] of exact.entries()) {
      await indexDocument('account', id, account(id, `${word} ${index}`, '2026-01-01T00:00:00.000Z'), 1);
    }
    for (const id of longer) {
      await indexDocument('account', id, account(id, `${word}sdorf`, '2026-12-01T00:00:00.000Z'), 1);
    }
    const first = await search(word, { limit: 2 });
    expect(new Set(ids(first))).toEqual(new Set(exact));
    const seen = [...ids(first)];
    let cursor = first.nextCursor ?? undefined;
    for (let page = 0; cursor !== undefined && page < 5; page++) {
      const answer = await search(word, { limit: 2, cursor });
      seen.push(...ids(answer));
      cursor = answer.nextCursor ?? undefined;
    }
    expect(seen.slice(2).sort()).toEqual([...longer].sort());
    expect(seen).toHaveLength(5);
  });

  it('narrows by the other words before reading documents, and follows a change of one of them', async () => {
    const id = `${stem}-narrowed`;
    const word = `${stem}nrw`;
    await indexDocument('account', id, account(id, `${word} Alpha`), 1);
    expect(ids(await search(`${word} alp`))).toEqual([id]);
    expect(ids(await search(`${word} gam`))).toEqual([]);
    // The other word changed, the one looked up did not: its entries carry the new signature.
    await indexDocument('account', id, account(id, `${word} Gamma`), 2);
    expect(ids(await search(`${word} gam`))).toEqual([id]);
    expect(ids(await search(`${word} alp`))).toEqual([]);
    // The filter is DynamoDB's: what failed it is read (and counted) but no document of it.
    const page = await search(`${word} zzz`);
    expect(page.hits).toEqual([]);
    expect(page.read).toBe((await entriesNaming(word, id)).length);
  });

  it('checks the other words exactly, and still finds entries signed the earlier way until they are signed anew', async () => {
    const id = `${stem}-signed`;
    const word = `${stem}sgn`;
    await indexDocument('account', id, account(id, `${word} Visserl`), 1);
    const entries = await entriesNaming(word, id);
    expect(entries[0]?.signature).toBe(` ${word} visserl`);
    // The whole other word is checked, not its first letters: a word that only shares them passes nothing.
    expect(ids(await search(`${word} visse`))).toEqual([id]);
    const other = await search(`${word} visserk`);
    expect(other.hits).toEqual([]);
    expect(other.read).toBe(entries.length);
    // The earlier layout: a set of the words' first two and three letters, and a document not marked signed.
    for (const entry of entries) {
      await documentClient.send(
        new PutCommand({ TableName: TABLE_NAME, Item: { ...entry, signature: new Set(['vi', 'vis']) } }),
      );
    }
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: `SEARCHDOC#account#${id}`, sk: 'SEARCHDOC' },
        UpdateExpression: 'REMOVE signed',
      }),
    );
    expect(ids(await search(`${word} visse`))).toEqual([id]);
    // Its document read, matchOf keeps what the first letters let through only when the word is there.
    expect(ids(await search(`${word} visserk`))).toEqual([]);
    // Indexed again at the version it has (a rebuild): every entry signed anew.
    expect((await indexDocument('account', id, account(id, `${word} Visserl`), 1)).changed).toBe(true);
    for (const entry of await entriesNaming(word, id)) expect(entry.signature).toBe(` ${word} visserl`);
    expect(ids(await search(`${word} visse`))).toEqual([id]);
    // And once signed, the same version again writes nothing.
    expect(await indexDocument('account', id, account(id, `${word} Visserl`), 1)).toEqual({
      changed: false,
      writes: 0,
    });
  });

  it('pages through many hits in order, each once', async () => {
    const word = `${stem}pg`;
    const made = await indexAccounts('page', 7, (index) => `${word} ${index}`, '2026-11');
    const { seen } = await pages(word, 3, 5);
    expect(seen).toEqual([...made].reverse());
  });

  it('goes on with the word that tells most: a short rare word over a long common one', async () => {
    // 1,200 entries of the longer word that the shorter one's check drops; the shorter has three records.
    const common = `${stem}cmn`;
    const rare = `w${stem.slice(1)}`;
    await padEntries(common, 1_200);
    const made = await indexAccounts('rare', 3, () => `${common} ${rare}`, '2026-09');
    const answer = await search(`${common} ${rare}`);
    expect(ids(answer)).toEqual([...made].reverse());
    expect(answer.nextCursor).toBeNull();
    // The first 500 of the common word's entries, the rare word's 3, their documents and no more.
    expect(answer.read).toBeLessThan(520);
    // Typed the other way round, the same.
    expect(ids(await search(`${rare} ${common}`))).toEqual([...made].reverse());
  });

  it('pages through a word whose other word only a few of many entries hold: each once, in order, none read twice', async () => {
    // Thousands of entries of the looked-up word that the other word's check drops, newer than the few that pass
    // (and, so that the other word tells no more, hundreds of its own): the first page's rounds end among them,
    // and the next page goes on where DynamoDB stopped.
    const word = `${stem}flt`;
    const other = `x${stem}`;
    await padEntries(word, 7_000);
    await padEntries(other, 600);
    const made = await indexAccounts('few', 7, () => `${word} ${other}`, '2026-10');
    const { seen, reads } = await pages(`${word} ${other}`, 3, 8);
    expect(seen).toEqual([...made].reverse());
    // The first page: the first 500 entries of each word, then 6 rounds of 1,000 of the first, none passing.
    expect(reads[0]).toBe(500 + 500 + 6 * 1_000);
    // Every entry of the word scanned once over the pages, plus those 500 of the other, the documents of those
    // that passed, and the few entries read again after the last one a full page took.
    const scanned = 7_000 + made.length + 500;
    expect(reads.reduce((sum, read) => sum + read, 0)).toBeLessThan(scanned + 3 * made.length);
  });
});
