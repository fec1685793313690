// POST /tickets → 201: a service request on an account (and one of its contacts), status new.

import { guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { assertMembers } from '../../team/services.ts';
import * as routes from '../routes.ts';
import { newTicket } from '../ticket.ts';
import { ticketCreateItems, ticketCreateRefused } from '../ticket-store.ts';

export const handler = httpHandler(routes.createTicket, async ({ body, principal, header }) => {
  await guardAccount(principal, body.accountId);
  await assertMembers([{ path: 'assigneeId', id: body.assigneeId, role: 'service' }]);
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /tickets', body);
  const ticket = newTicket(body, new Date());
  const { record, replayed } = await createOnce(
    ticketCreateItems(ticket),
    ticket,
    idempotency,
    ticketCreateRefused(ticket),
  );
  return created(record, `/tickets/${record.id}`, replayed, record.version);
});
