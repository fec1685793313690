// GET /accounts/{id}/contacts → { items, nextCursor }.

import { httpHandler, json } from '../../platform/http.ts';
import { AccountPath } from '../account.ts';
import { ContactListQuery } from '../contact.ts';
import { listContacts } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountContacts, async ({ params, query }) =>
  json(200, await listContacts(params.id, query)),
);
