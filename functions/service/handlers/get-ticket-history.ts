// GET /tickets/{id}/history → 200 {items, nextCursor}: the history of a ticket, newest first (one Query on its key range);
// one the caller does not see → 404.

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { ticketKey } from '../entity.ts';
import * as routes from '../routes.ts';
import { getTicket } from '../ticket-store.ts';

export const handler = httpHandler(routes.getTicketHistory, async ({ params, query, principal }) => {
  const ticket = await getTicket(params.id);
  if (!(await seesAccount(principal, ticket.accountId))) throw new NotFound('Ticket', params.id);
  return json(200, await historyPage(ticketKey(ticket.accountId, ticket.id), query));
});
