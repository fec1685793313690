// PATCH /tickets/{id} → 200: change fields or move the status (new → open → pending → resolved → closed,
// resolved → open reopens); an illegal move → 409 naming the allowed ones, a stale If-Match → 412; a ticket
// of someone else's account under `own` visibility → 404.

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { assertMembers } from '../../team/services.ts';
import * as routes from '../routes.ts';
import { updateTicket } from '../ticket-store.ts';

export const handler = httpHandler(routes.updateTicket, async ({ params, body, ifMatch, principal }) => {
  await assertMembers([{ path: 'assigneeId', id: body.assigneeId, role: 'service' }]);
  const ticket = await updateTicket(params.id, body, ifMatch, new Date(), async (current) => {
    if (!(await seesAccount(principal, current.accountId))) throw new NotFound('Ticket', params.id);
  });
  return versioned(200, ticket);
});
