// GET /accounts/{id}/contacts/{contactId} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { ContactPath } from '../contact.ts';
import { getContact } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getContact, async ({ params }) =>
  json(200, await getContact(params.id, params.contactId)),
);
