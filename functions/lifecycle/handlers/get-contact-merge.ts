// GET /contacts/{id}/merges/{fromId} → 200: the merge's state and counts; 404 when fromId was never merged here.
import { contactById, seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getContactMerge } from '../merge-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getContactMerge, async ({ params, principal }) => {
  const into = await contactById(params.id);
  if (!(await seesAccount(principal, into.accountId))) throw new NotFound('Contact', params.id);
  const merge = await getContactMerge(into.accountId, params.fromId);
  if (merge === undefined || merge.into !== params.id) {
    throw new NotFound(`Merge into contact ${params.id} of contact`, params.fromId);
  }
  return json(200, merge);
});
