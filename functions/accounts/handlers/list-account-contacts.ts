// GET /accounts/{id}/contacts → { items, nextCursor }.

import { httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { listContacts } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountContacts, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listContacts(params.id, query));
});
