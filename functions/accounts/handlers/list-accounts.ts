// GET /accounts?lifecycleStage=&ownerId=&relationship=&audience=&tag=&accountManagerId=&limit=&cursor=
// → { items, nextCursor }, from an index.
// Under `own` visibility the list is the caller's accounts, from the owner index (other filters still apply).

import { EMPTY_PAGE, httpHandler, json } from '../../platform/http.ts';
import { visibleQuery } from '../../platform/visibility.ts';
import { listAccounts } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccounts, async ({ query, principal }) => {
  const visible = visibleQuery(principal, 'accounts', 'ownerId', query);
  return json(200, visible === undefined ? EMPTY_PAGE : await listAccounts(visible));
});
