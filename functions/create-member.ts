// POST /team → 201: a team member with roles sales, service and/or admin; one member per e-mail address.
import { MemberCreate, newMember } from './domain/member.ts';
import { memberCreateItems, memberCreateRefused } from './domain/member-store.ts';
import { createOnce, idempotencyOf } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ body: MemberCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /team', body);
  const member = newMember(body, new Date());
  return createOnce(
    memberCreateItems(member),
    json(201, member, { Location: `/team/${member.id}` }),
    idempotency,
    memberCreateRefused(),
  );
});
