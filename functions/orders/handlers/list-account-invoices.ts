// GET /accounts/{id}/invoices → the account's invoices.
import { AccountPath } from '../../accounts/index.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { PageQuery } from '../../platform/schemas.ts';
import { listAccountInvoices } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountInvoices, async ({ params, query }) =>
  json(200, await listAccountInvoices(params.id, query)),
);
