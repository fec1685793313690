// POST /accounts/{id}/merge {from} → 202 + Location of the merge (200 once it is done): accepted once, asked
// again it answers the same merge. 404 for an unknown account, 409 while either is being deleted or merged (or
// `from` takes others in), 400 for an account merged into itself. The moving runs in batches from the stream.
import { httpHandler, json } from '../../platform/http.ts';
import { startAccountMerge } from '../merge-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.mergeAccount, async ({ params, body }) => {
  const merge = await startAccountMerge(params.id, body.from, new Date());
  return json(merge.state === 'done' ? 200 : 202, merge, {
    Location: `/accounts/${params.id}/merges/${body.from}`,
  });
});
