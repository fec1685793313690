// GET /charges/{id} → 200 | 404 (also for a charge of someone else's account under `own` visibility).

import { seesAccount } from '../../accounts/services.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getCharge } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getCharge, async ({ params, principal }) => {
  const charge = await getCharge(params.id);
  if (!(await seesAccount(principal, charge.accountId))) throw new NotFound('Charge', params.id);
  return json(200, charge);
});
