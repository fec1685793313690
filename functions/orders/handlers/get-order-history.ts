// GET /orders/{id}/history → 200 {items, nextCursor}: the history of an order, newest first (one Query on its key range);
// one the caller does not see → 404.

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { orderKey } from '../entity.ts';
import { getOrder } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getOrderHistory, async ({ params, query, principal }) => {
  const order = await getOrder(params.id);
  if (!(await seesAccount(principal, order.accountId))) throw new NotFound('Order', params.id);
  return json(200, await historyPage(orderKey(order.accountId, order.id), query));
});
