// GET /accounts/{id}/deletion → 200: the deletion's state and counts; 404 when the account was never deleted.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getDeletion } from '../deletion-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getAccountDeletion, async ({ params }) => {
  const deletion = await getDeletion(params.id);
  if (deletion === undefined) throw new NotFound('Account deletion', params.id);
  return json(200, deletion);
});
