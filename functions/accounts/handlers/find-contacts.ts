// GET /contacts?email= → { items: [contact] } or { items: [] }: the e-mail claim points at the one contact.
// Under `own` visibility, a contact of someone else's account is not found either.

import { NotFound } from '../../platform/errors.ts';
import { EMPTY_PAGE, httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { findContactByEmail } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.findContacts, async ({ query, principal }) => {
  const contact = await findContactByEmail(query.email);
  if (contact !== undefined) {
    try {
      await guardAccount(principal, contact.accountId);
    } catch (error) {
      if (error instanceof NotFound) return json(200, EMPTY_PAGE);
      throw error;
    }
  }
  return json(200, { items: contact === undefined ? [] : [contact], nextCursor: null });
});
