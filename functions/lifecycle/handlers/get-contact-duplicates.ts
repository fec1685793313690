// GET /contacts/{id}/duplicates → 200 {items: [{score, matchedOn, record}]}, best first | 404 (also a contact of an
// account the caller does not see). Candidates under accounts the caller does not see are left out.
import { contactById, seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { contactDuplicates } from '../match-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.contactDuplicates, async ({ params, query, principal }) => {
  const contact = await contactById(params.id);
  if (!(await seesAccount(principal, contact.accountId))) throw new NotFound('Contact', params.id);
  return json(
    200,
    await contactDuplicates(contact, (accountId) => seesAccount(principal, accountId), query.limit),
  );
});
