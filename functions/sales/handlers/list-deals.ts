// GET /deals?stage=&ownerId=&limit=&cursor= → the pipeline from an index (by stage, by owner, or all).
// Under `own` visibility: the caller's deals, from the owner index (a stage filter still applies).

import { EMPTY_PAGE, httpHandler, json } from '../../platform/http.ts';
import { visibleQuery } from '../../platform/visibility.ts';
import { listDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listDeals, async ({ query, principal }) => {
  const visible = visibleQuery(principal, 'deals', 'ownerId', query);
  return json(200, visible === undefined ? EMPTY_PAGE : await listDeals(visible));
});
