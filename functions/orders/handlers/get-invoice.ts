// GET /invoices/{id} → 200 | 404 (also for an invoice of someone else's account under `own` visibility).

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getInvoice } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getInvoice, async ({ params, principal }) => {
  const invoice = await getInvoice(params.id);
  if (!(await seesAccount(principal, invoice.accountId))) throw new NotFound('Invoice', params.id);
  return json(200, invoice);
});
