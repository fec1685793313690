// GET /tasks?assigneeId=&status=&dueBefore=&limit=&cursor= → tasks from an index, due soonest first.
// Under `own` visibility: the caller's tasks, from the assignee index (status and due-before still apply).

import { httpHandler, json } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import * as routes from '../routes.ts';
import { listTasks } from '../task-store.ts';

export const handler = httpHandler(routes.listTasks, async ({ query, principal }) => {
  if (scopeOf(principal, 'tasks') === 'all') return json(200, await listTasks(query));
  if (query.assigneeId !== undefined && query.assigneeId !== principal.memberId) {
    return json(200, { items: [], nextCursor: null });
  }
  return json(200, await listTasks({ ...query, assigneeId: principal.memberId }));
});
