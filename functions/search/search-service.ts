// GET /search for a caller: the query's words looked up in the index, each round's hits checked against their
// accounts as they are now (one BatchGetItem) — what the caller may see under record-level visibility, and the
// filters — and answered with what a result line shows.
import { type Account, accountKey, toAccount } from '../accounts/index.ts';
import type { Caller } from '../platform/access.ts';
import { Invalid } from '../platform/errors.ts';
import { readItems } from '../platform/store.ts';
import { sees } from '../platform/visibility.ts';
import { type SearchHit as Hit, type SearchQuery, typesOf } from './search.ts';
import { searchPage } from './search-store.ts';
import { lookupOf, MIN_PREFIX, queryWords, type SearchDocument } from './terms.ts';

export async function search(
  caller: Caller,
  query: SearchQuery,
): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const words = queryWords(query.q);
  if (lookupOf(words) === undefined) {
    throw new Invalid([
      { path: 'query.q', message: `Type at least ${MIN_PREFIX} letters or digits of one word.` },
    ]);
  }
  const accounts = new Map<string, Account | undefined>();
  const keep = (document: SearchDocument) => {
    const account = accounts.get(document.accountId);
    if (account === undefined) return false;
    // Under `own` visibility: an account (and what is under it) is seen by its owner; a deal by its owner.
    const owner = document.type === 'deal' ? document.facets.ownerId : account.ownerId;
    if (!sees(caller, document.type === 'deal' ? 'deals' : 'accounts', owner)) return false;
    if (query.ownerId !== undefined && owner !== query.ownerId) return false;
    if (query.relationship !== undefined && account.relationship !== query.relationship) return false;
    if (query.audience !== undefined && account.audience !== query.audience) return false;
    if (query.lifecycleStage !== undefined && account.lifecycleStage !== query.lifecycleStage) return false;
    if (query.stage !== undefined && document.facets.stage !== query.stage) return false;
    if (query.status !== undefined && document.facets.status !== query.status) return false;
    return true;
  };
  // A stage is a deal's, a status a ticket's: asking for one narrows to that type.
  const types = typesOf(query.types).filter(
    (type) =>
      (query.stage === undefined || type === 'deal') && (query.status === undefined || type === 'ticket'),
  );
  const page = await searchPage({
    words,
    types,
    limit: query.limit,
    cursor: query.cursor,
    prepare: async (documents) => {
      const wanted = [...new Set(documents.map((document) => document.accountId))].filter(
        (id) => !accounts.has(id),
      );
      const found = await readItems(wanted.map((id) => accountKey(id)));
      for (const [index, id] of wanted.entries()) {
        const item = found[index];
        accounts.set(id, item === undefined ? undefined : toAccount(item));
      }
    },
    keep,
  });
  return {
    items: page.hits.map(({ document, match }) => {
      const account = accounts.get(document.accountId);
      return {
        type: document.type,
        id: document.id,
        name: document.name,
        matched: match.field,
        exact: match.exactWords === words.length,
        accountId: document.accountId,
        ...(document.type === 'account' || account === undefined ? {} : { accountName: account.name }),
        ...(document.type === 'account' && account !== undefined
          ? { lifecycleStage: account.lifecycleStage }
          : {}),
        ...(document.facets.stage === undefined ? {} : { stage: document.facets.stage }),
        ...(document.facets.status === undefined ? {} : { status: document.facets.status }),
        ...(document.facets.priority === undefined ? {} : { priority: document.facets.priority }),
        activityAt: document.activityAt,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
