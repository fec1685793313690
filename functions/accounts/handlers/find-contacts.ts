// GET /contacts?email= → { items: [contact] } or { items: [] }: the e-mail claim points at the one contact.

import { httpHandler, json } from '../../platform/http.ts';
import { ContactSearchQuery } from '../contact.ts';
import { findContactByEmail } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.findContacts, async ({ query }) => {
  const contact = await findContactByEmail(query.email);
  return json(200, { items: contact === undefined ? [] : [contact], nextCursor: null });
});
