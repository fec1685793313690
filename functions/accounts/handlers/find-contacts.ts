// GET /contacts?email= → { items: [contact] } or { items: [] }: the e-mail claim points at the one contact.

import { httpHandler, json } from '../../platform/http.ts';
import { ContactSearchQuery } from '../contact.ts';
import { findContactByEmail } from '../contact-store.ts';

export const handler = httpHandler({ query: ContactSearchQuery }, async ({ query }) => {
  const contact = await findContactByEmail(query.email);
  return json(200, { items: contact === undefined ? [] : [contact], nextCursor: null });
});
