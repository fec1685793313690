// GET /accounts?lifecycleStage=&ownerId=&relationship=&limit=&cursor= → { items, nextCursor }, from an index.
import { AccountListQuery } from './domain/account.ts';
import { listAccounts } from './domain/account-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: AccountListQuery }, async ({ query }) =>
  json(200, await listAccounts(query)),
);
