// GET /accounts/{id}/history → 200 {items, nextCursor}: the history of an account, newest first (one Query on its key range);
// one the caller does not see → 404.

import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { accountFor } from '../account-store.ts';
import { accountKey } from '../entity.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getAccountHistory, async ({ params, query, principal }) => {
  await accountFor(principal, params.id);
  return json(200, await historyPage(accountKey(params.id), query));
});
