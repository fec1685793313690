// GET /deals?stage=&ownerId=&limit=&cursor= → the pipeline from an index (by stage, by owner, or all).

import { httpHandler, json } from '../../platform/http.ts';
import { DealListQuery } from '../deal.ts';
import { listDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listDeals, async ({ query }) => json(200, await listDeals(query)));
