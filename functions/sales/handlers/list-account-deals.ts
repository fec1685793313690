// GET /accounts/{id}/deals → the account's deals, newest first.
import { AccountPath } from '../../accounts/index.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { AccountDealsQuery } from '../deal.ts';
import { listAccountDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountDeals, async ({ params, query }) =>
  json(200, await listAccountDeals(params.id, query)),
);
