// GET /orders/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { getOrder } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getOrder, async ({ params }) => {
  const order = await getOrder(params.id);
  return versioned(200, order);
});
