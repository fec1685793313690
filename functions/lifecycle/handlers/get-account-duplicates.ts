// GET /accounts/{id}/duplicates → 200 {items: [{score, matchedOn, record}]}, best first | 404 (also an account the
// caller does not see). Candidates the caller does not see are left out.
import { httpHandler, json } from '../../platform/http.ts';
import { accountDuplicates } from '../match-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.accountDuplicates, async ({ params, query, principal }) =>
  json(200, await accountDuplicates(principal, params.id, query.limit)),
);
