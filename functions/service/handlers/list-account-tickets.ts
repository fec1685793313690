// GET /accounts/{id}/tickets → the account's tickets, newest first.
import { guardAccount } from '../../accounts/services.ts';
import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { listAccountTickets } from '../ticket-store.ts';

export const handler = httpHandler(routes.listAccountTickets, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listAccountTickets(params.id, query));
});
