// PATCH /tasks/{id} → 200: change, reassign, tick the checklist, mark done or cancelled; If-Match honoured.
import { httpHandler, parseIfMatch, versioned } from '../../platform/http.ts';
import { TaskPatch, TaskPath } from '../task.ts';
import { updateTask } from '../task-store.ts';

export const handler = httpHandler(
  { params: TaskPath, body: TaskPatch, ifMatch: parseIfMatch },
  async ({ params, body, ifMatch }) => {
    const task = await updateTask(params.id, body, ifMatch, new Date());
    return versioned(200, task);
  },
);
