// GET /orders/{id} → 200 | 404.
import { OrderPath } from './domain/order.ts';
import { getOrder } from './domain/order-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: OrderPath }, async ({ params }) => {
  const order = await getOrder(params.id);
  return json(200, order, { ETag: `"${order.version}"` });
});
