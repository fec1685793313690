// GET /invoices/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { InvoicePath } from '../order.ts';
import { getInvoice } from '../order-store.ts';

export const handler = httpHandler({ params: InvoicePath }, async ({ params }) =>
  json(200, await getInvoice(params.id)),
);
