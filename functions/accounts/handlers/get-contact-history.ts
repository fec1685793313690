// GET /contacts/{id}/history → 200 {items, nextCursor}: the history of a contact, newest first (one Query on its key range);
// one the caller does not see → 404.

import { NotFound } from '../../platform/errors.ts';
import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { seesAccount } from '../account-store.ts';
import { contactById } from '../contact-store.ts';
import { contactKey } from '../entity.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getContactHistory, async ({ params, query, principal }) => {
  const contact = await contactById(params.id);
  if (!(await seesAccount(principal, contact.accountId))) throw new NotFound('Contact', params.id);
  return json(200, await historyPage(contactKey(contact.accountId, contact.id), query));
});
