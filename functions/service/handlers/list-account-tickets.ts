// GET /accounts/{id}/tickets → the account's tickets, newest first.
import { AccountPath } from '../../accounts/account.ts';
import { PageQuery } from '../../orders/order.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { listAccountTickets } from '../ticket-store.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountTickets(params.id, query)),
);
