// DELETE /accounts/{id}[?cascade=true] → 202 + Location of the deletion (200 once it is done): accepted once,
// asked again it answers the same deletion. 409 naming the open deals, orders and tickets without cascade;
// 404 for an unknown account. The removal runs in batches from the stream (continue-account-deletion).
import { httpHandler, json } from '../../platform/http.ts';
import { startDeletion } from '../deletion-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.deleteAccount, async ({ params, query }) => {
  const deletion = await startDeletion(params.id, query.cascade === 'true', new Date());
  return json(deletion.state === 'done' ? 200 : 202, deletion, {
    Location: `/accounts/${params.id}/deletion`,
  });
});
