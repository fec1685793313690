// PATCH /tasks/{id} → 200: change, reassign, tick the checklist, mark done or cancelled; If-Match honoured;
// someone else's task under `own` visibility → 404.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import * as routes from '../routes.ts';
import { updateTask } from '../task-store.ts';

export const handler = httpHandler(routes.updateTask, async ({ params, body, ifMatch, principal }) => {
  await assertMembers([{ path: 'assigneeId', id: body.assigneeId }]);
  const task = await updateTask(params.id, body, ifMatch, new Date(), (current) => {
    if (!sees(principal, 'tasks', current.assigneeId)) throw new NotFound('Task', params.id);
  });
  return versioned(200, task);
});
