// POST /tasks → 201: a task for someone, due at a time, linked to an account, deal, ticket or order; without an
// assignee, a client's task goes to the client's account manager.

import { contactRefusal } from '../../accounts/services.ts';
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
    taskCreateItems(task, true),
    task,
    idempotency,
    // The task and its note were free (new ids): the linked account went, or its deletion began, since it was
    // checked — or the linked contact's merge began (the last items).
    (refused) => {
      const { accountId, contactId } = task.links;
      const last = refused.reasons.length - 1;
      if (accountId === undefined) return refused;
      if (contactId !== undefined && refused.failedAt(last)) {
        return contactRefusal(accountId, contactId, refused.items[last], 'links.contactId');
      }
      const accountAt = contactId === undefined ? last : last - 1;
      return refused.failedAt(accountAt)
        ? linkedAccountRefusal(accountId, refused.items[accountAt])
        : refused;
    },
  );
  return created(record, `/tasks/${record.id}`, replayed, record.version);
});
