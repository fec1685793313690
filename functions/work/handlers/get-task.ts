// GET /tasks/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { TaskPath } from '../task.ts';
import { getTask } from '../task-store.ts';

export const handler = httpHandler({ params: TaskPath }, async ({ params }) => {
  const task = await getTask(params.id);
  return json(200, task, { ETag: `"${task.version}"` });
});
