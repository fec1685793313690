// POST /team → 201: a team member with roles sales, service and/or admin; one member per e-mail address.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { newMember } from '../member.ts';
import { memberCreateItems, memberCreateRefused } from '../member-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createMember, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /team', body);
  const member = newMember(body, new Date());
  const { record, replayed } = await createOnce(
    memberCreateItems(member),
    member,
    idempotency,
    memberCreateRefused(),
  );
  return created(record, `/team/${record.id}`, replayed);
});
