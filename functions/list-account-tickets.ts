// GET /accounts/{id}/tickets → the account's tickets, newest first.
import { AccountPath } from './domain/account.ts';
import { PageQuery } from './domain/order.ts';
import { listAccountTickets } from './domain/ticket-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountTickets(params.id, query)),
);
