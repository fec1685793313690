// GET /accounts/{id}/invoices → the account's invoices.
import { AccountPath } from './domain/account.ts';
import { PageQuery } from './domain/order.ts';
import { listAccountInvoices } from './domain/order-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountInvoices(params.id, query)),
);
