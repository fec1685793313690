// GET /tickets?status=&priority=&assigneeId=&limit=&cursor= → tickets from an index, never a scan.
import { TicketListQuery } from './domain/ticket.ts';
import { listTickets } from './domain/ticket-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: TicketListQuery }, async ({ query }) =>
  json(200, await listTickets(query)),
);
