// GET /tasks/{id}/history → 200 {items, nextCursor}: the history of a task, newest first (one Query on its key range);
// one the caller does not see → 404.

import { NotFound } from '../../platform/errors.ts';
import { historyPage } from '../../platform/history-store.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import { taskKey } from '../entity.ts';
import * as routes from '../routes.ts';
import { getTask } from '../task-store.ts';

export const handler = httpHandler(routes.getTaskHistory, async ({ params, query, principal }) => {
  const task = await getTask(params.id);
  if (!sees(principal, 'tasks', task.assigneeId)) throw new NotFound('Task', params.id);
  return json(200, await historyPage(taskKey(task.id), query));
});
