// PATCH /tickets/{id} → 200: change fields or move the status (new → open → pending → resolved → closed,
// resolved → open reopens); an illegal move → 409 naming the allowed ones, a stale If-Match → 412.
import { httpHandler, json, parseIfMatch } from '../../platform/http.ts';
import { TicketPatch, TicketPath } from '../ticket.ts';
import { updateTicket } from '../ticket-store.ts';

export const handler = httpHandler(
  { params: TicketPath, body: TicketPatch },
  async ({ params, body, header }) => {
    const ticket = await updateTicket(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, ticket, { ETag: `"${ticket.version}"` });
  },
);
