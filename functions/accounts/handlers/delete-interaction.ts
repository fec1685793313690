// DELETE /accounts/{id}/interactions/{interactionId} → 204: off the account's timeline; the daily counters it
// moved stay (reports count what was logged that day). An account the caller does not see → 404; a stale
// If-Match → 412, nothing removed.
import { httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { deleteInteraction } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.deleteInteraction, async ({ params, ifMatch, principal }) => {
  await guardAccount(principal, params.id);
  await deleteInteraction(params.id, params.interactionId, ifMatch);
  return json(204, undefined);
});
