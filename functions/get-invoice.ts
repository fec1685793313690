// GET /invoices/{id} → 200 | 404.
import { InvoicePath } from './domain/order.ts';
import { getInvoice } from './domain/order-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: InvoicePath }, async ({ params }) =>
  json(200, await getInvoice(params.id)),
);
