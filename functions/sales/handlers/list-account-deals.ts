// GET /accounts/{id}/deals → the account's deals, newest first.
import { guardAccount } from '../../accounts/services.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { listAccountDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountDeals, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listAccountDeals(params.id, query));
});
