// PATCH /tasks/{id} → 200: change, reassign, tick the checklist, mark done or cancelled; If-Match honoured.
import { httpHandler, json, parseIfMatch } from '../../platform/http.ts';
import { TaskPatch, TaskPath } from '../task.ts';
import { updateTask } from '../task-store.ts';

export const handler = httpHandler(
  { params: TaskPath, body: TaskPatch },
  async ({ params, body, header }) => {
    const task = await updateTask(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, task, { ETag: `"${task.version}"` });
  },
);
