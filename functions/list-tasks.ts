// GET /tasks?assigneeId=&status=&dueBefore=&limit=&cursor= → tasks from an index, due soonest first.
import { listTasks } from './domain/task-store.ts';
import { TaskListQuery } from './domain/work.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: TaskListQuery }, async ({ query }) =>
  json(200, await listTasks(query)),
);
