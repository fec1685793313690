// GET /contacts?email= → { items: [contact] } or { items: [] }: the e-mail claim points at the one contact.
import { ContactSearchQuery } from './domain/contact.ts';
import { findContactByEmail } from './domain/contact-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: ContactSearchQuery }, async ({ query }) => {
  const contact = await findContactByEmail(query.email);
  return json(200, { items: contact === undefined ? [] : [contact], nextCursor: null });
});
