// POST /tickets → 201: a service request on an account (and one of its contacts), status new.
import { createOnce, idempotencyOf } from './domain/store.ts';
import { newTicket, TicketCreate } from './domain/ticket.ts';
import { ticketCreateItems, ticketCreateRefused } from './domain/ticket-store.ts';
import { httpHandler, json } from './shared/http.ts';

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
