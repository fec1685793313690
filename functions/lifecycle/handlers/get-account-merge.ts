// GET /accounts/{id}/merges/{fromId} → 200: the merge's state and counts; 404 when fromId was never merged here.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getAccountMerge } from '../merge-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getAccountMerge, async ({ params }) => {
  const merge = await getAccountMerge(params.fromId);
  if (merge === undefined || merge.into !== params.id) {
    throw new NotFound(`Merge into account ${params.id} of account`, params.fromId);
  }
  return json(200, merge);
});
