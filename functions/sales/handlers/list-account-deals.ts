// GET /accounts/{id}/deals → the account's deals, newest first.
import { guardAccount } from '../../accounts/services.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import { listAccountDeals, listOwnedAccountDeals } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccountDeals, async ({ params, query, principal }) => {
  await guardAccount(principal, params.id);
  // Under `own` deal visibility, only the caller's deals of the account (an account can hold others' too).
  if (scopeOf(principal, 'deals') === 'own') {
    return json(200, await listOwnedAccountDeals(params.id, principal.memberId, query));
  }
  return json(200, await listAccountDeals(params.id, query));
});
