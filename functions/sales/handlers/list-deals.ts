// GET /deals?stage=&ownerId=&limit=&cursor= → the pipeline from an index (by stage, by owner, or all).

import { httpHandler, json } from '../../platform/http.ts';
import { DealListQuery } from '../deal.ts';
import { listDeals } from '../deal-store.ts';

export const handler = httpHandler({ query: DealListQuery }, async ({ query }) =>
  json(200, await listDeals(query)),
);
