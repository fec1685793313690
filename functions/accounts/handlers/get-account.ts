// GET /accounts/{id} → 200 | 301 to the survivor when it was merged | 404 (also for someone else's account under
// `own` visibility).

import { httpHandler, versioned } from '../../platform/http.ts';
import { orMerged } from '../../platform/merged.ts';
import { accountFor, seesAccount } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getAccount, async ({ params, principal }) =>
  versioned(
    200,
    await accountFor(principal, params.id).catch((error: unknown) =>
      orMerged(
        error,
        params.id,
        (into) => `/accounts/${into}`,
        (into) => seesAccount(principal, into),
      ),
    ),
  ),
);
