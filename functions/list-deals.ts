// GET /deals?stage=&ownerId=&limit=&cursor= → the pipeline from an index (by stage, by owner, or all).
import { DealListQuery } from './domain/deal.ts';
import { listDeals } from './domain/deal-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: DealListQuery }, async ({ query }) =>
  json(200, await listDeals(query)),
);
