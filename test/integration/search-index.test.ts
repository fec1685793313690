// The search index against DynamoDB Local: documents and their prefix entries written at a record's version,
// read by one Query of the longest word's entries and a BatchGet of their documents. A change moves a record
// to its new words and out of its old ones; an older or redelivered version changes nothing; a removal leaves
// nothing behind; entries a crash left stale are passed over; pages follow each other without repeats.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/platform/clients.ts';
import { writeBatches } from '../../functions/platform/store.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { indexDocument, searchPage } from '../../functions/search/search-store.ts';
import {
  documentOf,
  entriesOf,
  queryWords,
  SEARCH_TYPES,
  type SearchDocument,
} from '../../functions/search/terms.ts';

// A word of this run alone (letters only, short enough that the index holds it whole), so runs against a kept table do not see each other.
const stem = `q${Array.from({ length: 4 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const Stem = stem[0]?.toUpperCase() + stem.slice(1);

const account = (id: string, name: string, updatedAt = '2026-11-01T00:00:00.000Z', extra = {}) =>
  documentOf('account', { id, name, updatedAt, relationship: 'client', ...extra }) as SearchDocument;
const search = (q: string, extra: Partial<Parameters<typeof searchPage>[0]> = {}) =>
  searchPage({ words: queryWords(q), types: [...SEARCH_TYPES], limit: 20, ...extra });
const ids = (page: Awaited<ReturnType<typeof search>>) => page.hits.map((hit) => hit.document.id);

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
    // A crash between the entries and the document left an entry of a word the document does not have.
    await writeBatches([
      {
        PutRequest: {
          Item: {
            pk: `SEARCH#${old}`,
            sk: `00#0#account#${id}`,
            type: 'SearchEntry',
            docType: 'account',
            docId: id,
          },
        },
      },
    ]);
    expect(ids(await search(old))).toEqual([]);
    // Removed: found by nothing, and its entries are gone.
    expect((await indexDocument('account', id, undefined, 5)).changed).toBe(true);
    expect(ids(await search(renamed))).toEqual([]);
    expect(await entriesNaming(renamed, id)).toEqual([]);
    expect((await indexDocument('account', id, account(id, renamed), 4)).changed).toBe(false);
  });

  it('pages through many hits in order, each once', async () => {
    const word = `${stem}pg`;
    const made = Array.from({ length: 7 }, (_, index) => `${stem}-page-${index}`);
    for (const [index, id] of made.entries()) {
      await indexDocument(
        'account',
        id,
        account(id, `${word} ${index}`, `2026-11-0${index + 1}T00:00:00.000Z`),
        1,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await search(word, { limit: 3, cursor });
      seen.push(...ids(answer));
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    expect(seen).toEqual([...made].reverse());
  });
});
