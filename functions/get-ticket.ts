// GET /tickets/{id} → 200 | 404.
import { TicketPath } from './domain/ticket.ts';
import { getTicket } from './domain/ticket-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: TicketPath }, async ({ params }) => {
  const ticket = await getTicket(params.id);
  return json(200, ticket, { ETag: `"${ticket.version}"` });
});
