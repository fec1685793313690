// GET /tasks?assigneeId=&status=&dueBefore=&limit=&cursor= → tasks from an index, due soonest first.

import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { TaskListQuery } from '../task.ts';
import { listTasks } from '../task-store.ts';

export const handler = httpHandler(routes.listTasks, async ({ query }) => json(200, await listTasks(query)));
