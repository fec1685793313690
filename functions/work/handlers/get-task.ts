// GET /tasks/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { TaskPath } from '../task.ts';
import { getTask } from '../task-store.ts';

export const handler = httpHandler({ params: TaskPath }, async ({ params }) => {
  const task = await getTask(params.id);
  return versioned(200, task);
});
