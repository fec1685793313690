// PATCH /orders/{id} {status} → 200: placed → in_fulfillment → fulfilled, or cancelled before fulfilment;
// any other move → 409 naming the allowed ones, a stale If-Match → 412, and nothing written; an order of
// someone else's account under `own` visibility → 404.

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { moveOrder } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateOrder, async ({ params, body, ifMatch, principal }) => {
  const order = await moveOrder(params.id, body.status, ifMatch, new Date(), async (current) => {
    if (!(await seesAccount(principal, current.accountId))) throw new NotFound('Order', params.id);
  });
  return versioned(200, order);
});
