// GET /accounts?lifecycleStage=&ownerId=&relationship=&limit=&cursor= → { items, nextCursor }, from an index.
// Under `own` visibility the list is the caller's accounts, from the owner index (other filters still apply).

import { httpHandler, json } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import { listAccounts } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccounts, async ({ query, principal }) => {
  if (scopeOf(principal, 'accounts') === 'all') return json(200, await listAccounts(query));
  if (query.ownerId !== undefined && query.ownerId !== principal.memberId) {
    return json(200, { items: [], nextCursor: null });
  }
  return json(200, await listAccounts({ ...query, ownerId: principal.memberId }));
});
