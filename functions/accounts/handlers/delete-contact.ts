// DELETE /contacts/{id} → 204: the contact is removed and its e-mail address freed in one transaction; a contact
// of an account the caller does not see → 404; a stale If-Match → 412, nothing removed.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { seesAccount } from '../account-store.ts';
import { deleteContact } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.deleteContact, async ({ params, ifMatch, principal }) => {
  await deleteContact(params.id, ifMatch, async (current) => {
    if (!(await seesAccount(principal, current.accountId))) throw new NotFound('Contact', params.id);
  });
  return json(204, undefined);
});
