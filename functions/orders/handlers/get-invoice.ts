// GET /invoices/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { getInvoice } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getInvoice, async ({ params }) =>
  json(200, await getInvoice(params.id)),
);
