// GET /accounts/{id}/interactions?limit=&cursor= → the timeline, newest first.

import { httpHandler, json } from '../../platform/http.ts';
import { guardAccount } from '../account-store.ts';
import { listInteractions } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listInteractions, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listInteractions(params.id, query));
});
