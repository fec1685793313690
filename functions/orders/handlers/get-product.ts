// GET /products/{id} → 200 + ETag | 404 (a product off sale is still read: orders name it).

import { httpHandler, versioned } from '../../platform/http.ts';
import { getProduct } from '../product-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getProduct, async ({ params }) =>
  versioned(200, await getProduct(params.id)),
);
