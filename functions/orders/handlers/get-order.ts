// GET /orders/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { OrderPath } from '../order.ts';
import { getOrder } from '../order-store.ts';

export const handler = httpHandler({ params: OrderPath }, async ({ params }) => {
  const order = await getOrder(params.id);
  return json(200, order, { ETag: `"${order.version}"` });
});
