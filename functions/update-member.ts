// PATCH /team/{id} → 200: rename, change roles, or (de)activate a member; inactive members get no new work.
import { MemberPatch, MemberPath } from './domain/member.ts';
import { updateMember } from './domain/member-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: MemberPath, body: MemberPatch }, async ({ params, body }) =>
  json(200, await updateMember(params.id, body, new Date())),
);
