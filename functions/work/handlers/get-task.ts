// GET /tasks/{id} → 200 | 404 (also for someone else's task under `own` visibility).

import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import * as routes from '../routes.ts';
import { getTask } from '../task-store.ts';

export const handler = httpHandler(routes.getTask, async ({ params, principal }) => {
  const task = await getTask(params.id);
  if (!sees(principal, 'tasks', task.assigneeId)) throw new NotFound('Task', params.id);
  return versioned(200, task);
});
