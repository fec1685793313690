// POST /tasks → 201: a task for someone, due at a time, linked to an account, deal, ticket or order.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf, putNew } from '../../platform/store.ts';
import { newTask, TaskCreate, taskItem } from '../task.ts';

export const handler = httpHandler({ body: TaskCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /tasks', body);
  const task = newTask(body, new Date());
  return createOnce(
    [putNew(taskItem(task))],
    json(201, task, { Location: `/tasks/${task.id}`, ETag: `"${task.version}"` }),
    idempotency,
    (refused) => refused,
  );
});
