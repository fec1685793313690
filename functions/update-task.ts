// PATCH /tasks/{id} → 200: change, reassign, tick the checklist, mark done or cancelled; If-Match honoured.
import { parseIfMatch } from './domain/account.ts';
import { updateTask } from './domain/task-store.ts';
import { TaskPatch, TaskPath } from './domain/work.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: TaskPath, body: TaskPatch },
  async ({ params, body, header }) => {
    const task = await updateTask(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, task, { ETag: `"${task.version}"` });
  },
);
