// GET /accounts/{id}/deals → the account's deals, newest first.
import { AccountPath } from './domain/account.ts';
import { AccountDealsQuery } from './domain/deal.ts';
import { listAccountDeals } from './domain/deal-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: AccountPath, query: AccountDealsQuery },
  async ({ params, query }) => json(200, await listAccountDeals(params.id, query)),
);
