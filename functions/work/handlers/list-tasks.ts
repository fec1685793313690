// GET /tasks?assigneeId=&status=&dueBefore=&limit=&cursor= → tasks from an index, due soonest first.
// Under `own` visibility: the caller's tasks, from the assignee index (status and due-before still apply).

import { EMPTY_PAGE, httpHandler, json } from '../../platform/http.ts';
import { visibleQuery } from '../../platform/visibility.ts';
import * as routes from '../routes.ts';
import { listTasks } from '../task-store.ts';

export const handler = httpHandler(routes.listTasks, async ({ query, principal }) => {
  const visible = visibleQuery(principal, 'tasks', 'assigneeId', query);
  return json(200, visible === undefined ? EMPTY_PAGE : await listTasks(visible));
});
