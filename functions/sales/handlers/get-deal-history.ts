// GET /deals/{id}/history → 200 {items, nextCursor}: the history of a deal, newest first (one Query on its key range);
// one the caller does not see → 404.

import { NotFound } from '../../platform/errors.ts';
import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import { getDeal } from '../deal-store.ts';
import { dealKey } from '../entity.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getDealHistory, async ({ params, query, principal }) => {
  const deal = await getDeal(params.id);
  if (!sees(principal, 'deals', deal.ownerId)) throw new NotFound('Deal', params.id);
  return json(200, await historyPage(dealKey(deal.accountId, deal.id), query));
});
