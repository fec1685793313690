// PATCH /contacts/{id} → 200 with version + 1: name, e-mail (its claim moves in the same transaction: an address
// another contact has → 409), phone, role, decision maker; a stale If-Match → 412; nothing written either way.

import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { seesAccount } from '../account-store.ts';
import { EmailTaken, emailTakenElsewhere, updateContact } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateContact, async ({ params, body, ifMatch, principal }) => {
  const contact = await updateContact(params.id, body, ifMatch, new Date(), async (current) => {
    if (!(await seesAccount(principal, current.accountId))) throw new NotFound('Contact', params.id);
  }).catch(async (error: unknown) => {
    // The other contact is named only to a caller who sees its account.
    if (error instanceof EmailTaken && !(await seesAccount(principal, error.accountId))) {
      throw emailTakenElsewhere();
    }
    throw error;
  });
  return versioned(200, contact);
});
