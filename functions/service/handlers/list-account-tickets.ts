// GET /accounts/{id}/tickets → the account's tickets, newest first.
import { AccountPath } from '../../accounts/index.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { PageQuery } from '../../platform/schemas.ts';
import * as routes from '../routes.ts';
import { listAccountTickets } from '../ticket-store.ts';

export const handler = httpHandler(routes.listAccountTickets, async ({ params, query }) =>
  json(200, await listAccountTickets(params.id, query)),
);
