// GET /tasks?assigneeId=&status=&dueBefore=&limit=&cursor= → tasks from an index, due soonest first.

import { httpHandler, json } from '../../platform/http.ts';
import { TaskListQuery } from '../task.ts';
import { listTasks } from '../task-store.ts';

export const handler = httpHandler({ query: TaskListQuery }, async ({ query }) =>
  json(200, await listTasks(query)),
);
