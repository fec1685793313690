// GET /accounts/{id}/invoices → the account's invoices.
import { AccountPath } from '../../accounts/index.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { PageQuery } from '../../platform/schemas.ts';
import { listAccountInvoices } from '../order-store.ts';

export const handler = httpHandler({ params: AccountPath, query: PageQuery }, async ({ params, query }) =>
  json(200, await listAccountInvoices(params.id, query)),
);
