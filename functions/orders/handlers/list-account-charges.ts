// GET /accounts/{id}/charges → the internal account's charges.
import { guardAccount } from '../../accounts/services.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { listAccountCharges } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountCharges, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  return json(200, await listAccountCharges(params.id, query));
});
