// GET /tasks/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { TaskPath } from '../task.ts';
import { getTask } from '../task-store.ts';

export const handler = httpHandler(routes.getTask, async ({ params }) => {
  const task = await getTask(params.id);
  return versioned(200, task);
});
