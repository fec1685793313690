// GET /products?active=&limit=&cursor= → the catalogue (or the products on sale, or off it), from an index.

import { httpHandler, json } from '../../platform/http.ts';
import { listProducts } from '../product-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listProducts, async ({ query }) =>
  json(200, await listProducts(query)),
);
