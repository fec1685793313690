// DELETE /forms/{id} → 204: the form takes no more submissions; those it was sent stay and are processed as
// ever. A stale If-Match → 412, nothing removed.
import { httpHandler, json } from '../../platform/http.ts';
import { deleteForm } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.deleteForm, async ({ params, ifMatch }) => {
  await deleteForm(params.id, ifMatch);
  return json(204, undefined);
});
