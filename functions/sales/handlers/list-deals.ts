// GET /deals?stage=&ownerId=&limit=&cursor= → the pipeline from an index (by stage, by owner, or all).
// Under `own` visibility: the caller's deals, from the owner index (a stage filter still applies).

import { httpHandler, json } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import { listDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listDeals, async ({ query, principal }) => {
  if (scopeOf(principal, 'deals') === 'all') return json(200, await listDeals(query));
  if (query.ownerId !== undefined && query.ownerId !== principal.memberId) {
    return json(200, { items: [], nextCursor: null });
  }
  return json(200, await listDeals({ ...query, ownerId: principal.memberId }));
});
