// GET /accounts/{id}/invoices → the account's invoices.
import { AccountPath } from '../../accounts/account.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { PageQuery } from '../order.ts';
import { listAccountInvoices } from '../order-store.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountInvoices(params.id, query)),
);
