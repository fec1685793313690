// GET /accounts/{id}/invoices → the account's invoices.
import { guardAccount } from '../../accounts/services.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { listAccountInvoices } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountInvoices, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listAccountInvoices(params.id, query));
});
