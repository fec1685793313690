// GET /tickets/{id} → 200 | 404 (also for a ticket of someone else's account under `own` visibility).

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { getTicket } from '../ticket-store.ts';

export const handler = httpHandler(routes.getTicket, async ({ params, principal }) => {
  const ticket = await getTicket(params.id);
  if (!(await seesAccount(principal, ticket.accountId))) throw new NotFound('Ticket', params.id);
  return versioned(200, ticket);
});
