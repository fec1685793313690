// POST /products → 201 (admin): a standard product of the catalogue, at its list price; one product per SKU
// (case ignored) — of two racing creates of one SKU, one gets 201 and the other 409.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { newProduct } from '../product.ts';
import { productCreateItems, productCreateRefused } from '../product-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createProduct, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /products', body);
  const product = newProduct(body, new Date());
  const { record, replayed } = await createOnce(
    productCreateItems(product),
    product,
    idempotency,
    productCreateRefused(),
  );
  return created(record, `/products/${record.id}`, replayed, record.version);
});
