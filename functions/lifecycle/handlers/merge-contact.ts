// POST /contacts/{id}/merge {from} → 202 + Location of the merge (200 once it is done): accepted once, asked
// again it answers the same merge. 404 for an unknown contact (or one of an account the caller does not see),
// 409 for contacts of different accounts or one being merged already, 400 for a contact merged into itself.
import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { startContactMerge } from '../merge-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.mergeContact, async ({ params, body, principal }) => {
  const merge = await startContactMerge(params.id, body.from, new Date(), async (accountId, contactId) => {
    if (!(await seesAccount(principal, accountId))) throw new NotFound('Contact', contactId);
  });
  return json(merge.state === 'done' ? 200 : 202, merge, {
    Location: `/contacts/${params.id}/merges/${body.from}`,
  });
});
