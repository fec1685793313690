// GET /accounts/{id}/interactions/{interactionId} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { getInteraction } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getInteraction, async ({ params, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await getInteraction(params.id, params.interactionId));
});
