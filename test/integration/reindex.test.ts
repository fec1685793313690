// Rebuilding the search index from the records, on a table of its own: records made without their events
// reaching the index are found after a rebuild; a rebuild cut short after a page goes on from its checkpoint
// without reading again what it did; two at once do not both write; done, it reads one item.
import { describe, expect, it } from 'vitest';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

await useOwnTable('reindex');
const { loadHandler } = await import('../../local/runtime.ts');
type Handler = Parameters<typeof call>[0];
const createAccount = await loadHandler<Handler>('accounts/handlers/create-account');
const createContact = await loadHandler<Handler>('accounts/handlers/create-contact');
const { continueReindex, getReindex, reindexTotals } = await import('../../functions/search/reindex.ts');
const { searchPage } = await import('../../functions/search/search-store.ts');
const { queryWords, SEARCH_TYPES } = await import('../../functions/search/terms.ts');

/** Every hit of a query, page by page. */
async function found(q: string) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const answer = await searchPage({ words: queryWords(q), types: [...SEARCH_TYPES], limit: 50, cursor });
    ids.push(...answer.hits.map((hit) => hit.document.id));
    if (answer.nextCursor === null) break;
    cursor = answer.nextCursor;
  }
  return ids;
}

describe('npm run reindex', () => {
  it('indexes what is there, resumes from its checkpoint, and reads one item once done', async () => {
    const made: string[] = [];
    for (let index = 0; index < 120; index++) {
      const account = await call(createAccount, 'POST', {
        resource: '/accounts',
        body: { name: `Wiederaufbau ${index}` },
      });
      expect(account.status, account.text).toBe(201);
      made.push(account.json.id);
    }
    const contact = await call(createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: made[0] ?? '' },
      body: { name: 'Grete Übermuth' },
    });
    expect(contact.status, contact.text).toBe(201);
    expect(await reindexTotals()).toEqual({ account: 120, contact: 1, deal: 0, ticket: 0 });
    expect(await found('wiederauf')).toEqual([]);

    // Cut short after its first page (a crash): the checkpoint says where it stands.
    const crash = new Error('cut short');
    await expect(
      continueReindex(new Date(), {
        onPage: () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(await getReindex()).toMatchObject({ state: 'running', type: 'account', read: 100, changed: 100 });
    // Two runs at once: one goes on, the other finds the checkpoint moved and stops.
    const [one, two] = await Promise.all([continueReindex(new Date()), continueReindex(new Date())]);
    const busy = [one, two].filter((run) => run.busy === true);
    expect(busy.length).toBeLessThanOrEqual(1);
    const done = await getReindex();
    // Every record read once by the run that kept the checkpoint; what the other indexed meanwhile is not counted.
    expect(done).toMatchObject({ state: 'done', read: 121 });
    expect(done?.changed).toBeGreaterThanOrEqual(100);
    expect((await found('wiederauf')).sort()).toEqual([...made].sort());
    expect(await found('ubermu')).toEqual([contact.json.id]);
    // Done: asked again, it answers as it stands; started over, nothing changes.
    expect(await continueReindex(new Date())).toEqual(done);
    const again = await continueReindex(new Date(), { restart: true });
    expect(again).toMatchObject({ state: 'done', read: 121, changed: 0 });
    // A rebuild done for an earlier layout of the index is not done for this one: the next run starts over.
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient } = await import('../../functions/platform/clients.ts');
    const { TABLE_NAME } = await import('../../functions/platform/table-name.ts');
    const { REINDEX_CHECKPOINT } = await import('../../functions/search/reindex.ts');
    const { layout: _layout, type, ...earlier } = again;
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...earlier, ...REINDEX_CHECKPOINT, type: 'SearchReindex', reindexing: type },
      }),
    );
    const rebuilt = await continueReindex(new Date());
    expect(rebuilt).toMatchObject({ state: 'done', read: 121 });
    expect(rebuilt.version).toBeGreaterThan(again.version + 1);
    expect(rebuilt.startedAt).not.toBe(again.startedAt);
    // About 16,000 index writes in all: 5 s alone, several times that beside the suite's busiest files.
  }, 180_000);
});
