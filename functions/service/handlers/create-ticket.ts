// POST /tickets → 201: a service request on an account (and one of its contacts), status new.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf } from '../../platform/store.ts';
import { newTicket, TicketCreate } from '../ticket.ts';
import { ticketCreateItems, ticketCreateRefused } from '../ticket-store.ts';

export const handler = httpHandler({ body: TicketCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /tickets', body);
  const ticket = newTicket(body, new Date());
  return createOnce(
    ticketCreateItems(ticket),
    json(201, ticket, { Location: `/tickets/${ticket.id}`, ETag: `"${ticket.version}"` }),
    idempotency,
    ticketCreateRefused(ticket),
  );
});
