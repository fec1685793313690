// GET /accounts/{id}/tickets → the account's tickets, newest first.
import { AccountPath } from '../../accounts/index.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { PageQuery } from '../../platform/schemas.ts';
import { listAccountTickets } from '../ticket-store.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountTickets(params.id, query)),
);
