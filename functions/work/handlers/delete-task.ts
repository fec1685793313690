// DELETE /tasks/{id} → 204; someone else's task under `own` visibility → 404; a stale If-Match → 412, nothing
// removed.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import * as routes from '../routes.ts';
import { deleteTask } from '../task-store.ts';

export const handler = httpHandler(routes.deleteTask, async ({ params, ifMatch, principal }) => {
  await deleteTask(params.id, ifMatch, (current) => {
    if (!sees(principal, 'tasks', current.assigneeId)) throw new NotFound('Task', params.id);
  });
  return json(204, undefined);
});
