// GET /orders/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { OrderPath } from '../order.ts';
import { getOrder } from '../order-store.ts';

export const handler = httpHandler({ params: OrderPath }, async ({ params }) => {
  const order = await getOrder(params.id);
  return versioned(200, order);
});
