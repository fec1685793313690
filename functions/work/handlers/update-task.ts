// PATCH /tasks/{id} → 200: change, reassign, tick the checklist, mark done or cancelled; If-Match honoured.
import { httpHandler, parseIfMatch, versioned } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { TaskPatch, TaskPath } from '../task.ts';
import { updateTask } from '../task-store.ts';

export const handler = httpHandler(routes.updateTask, async ({ params, body, ifMatch }) => {
  const task = await updateTask(params.id, body, ifMatch, new Date());
  return versioned(200, task);
});
