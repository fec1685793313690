// GET /tasks/{id} → 200 | 404.
import { getTask } from './domain/task-store.ts';
import { TaskPath } from './domain/work.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: TaskPath }, async ({ params }) => {
  const task = await getTask(params.id);
  return json(200, task, { ETag: `"${task.version}"` });
});
