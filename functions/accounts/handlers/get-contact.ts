// GET /accounts/{id}/contacts/{contactId} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { getContact } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getContact, async ({ params, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await getContact(params.id, params.contactId));
});
