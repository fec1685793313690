// POST /tasks → 201: a task for someone, due at a time, linked to an account, deal, ticket or order; without an
// assignee, a client's task goes to the client's account manager.

import { allChecked } from '../../platform/errors.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { ownedByDefault } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import * as routes from '../routes.ts';
import { newTask } from '../task.ts';
import { assertLinks, defaultAssignee, linkedAccountRefusal, taskCreateItems } from '../task-store.ts';

export const handler = httpHandler(routes.createTask, async ({ body, principal, header }) => {
  await allChecked([assertMembers([{ path: 'assigneeId', id: body.assigneeId }]), assertLinks(body.links)]);
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /tasks', body);
  const mine = ownedByDefault(principal, 'tasks', 'assigneeId', body);
  // Without an assignee, a client's task goes to its account manager (a customer's stays unassigned), when the
  // caller sees the client.
  const assigneeId = mine.assigneeId ?? (await defaultAssignee(principal, body.links));
  const task = newTask(assigneeId === undefined ? mine : { ...mine, assigneeId }, new Date());
  const { record, replayed } = await createOnce(
    taskCreateItems(task),
    task,
    idempotency,
    // The task and its note were free (new ids): the linked account went, or its deletion began, since it was
    // checked — the last item.
    (refused) => {
      const last = refused.reasons.length - 1;
      return task.links.accountId !== undefined && refused.failedAt(last)
        ? linkedAccountRefusal(task.links.accountId, refused.items[last])
        : refused;
    },
  );
  return created(record, `/tasks/${record.id}`, replayed, record.version);
});
