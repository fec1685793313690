// GET /orders/{id} → 200 | 404 (also for an order of someone else's account under `own` visibility).

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { getOrder } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getOrder, async ({ params, principal }) => {
  const order = await getOrder(params.id);
  if (!(await seesAccount(principal, order.accountId))) throw new NotFound('Order', params.id);
  return versioned(200, order);
});
