// PATCH /products/{id} → 200 (admin): rename, re-price, move to another SKU (409 if it is taken) or take off
// sale; a stale If-Match → 412, nothing written. Orders placed keep what their lines were sold at.

import { httpHandler, versioned } from '../../platform/http.ts';
import { updateProduct } from '../product-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateProduct, async ({ params, body, ifMatch }) =>
  versioned(200, await updateProduct(params.id, body, ifMatch, new Date())),
);
