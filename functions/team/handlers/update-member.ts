// PATCH /team/{id} → 200: rename, change roles, or (de)activate a member; inactive members get no new work.

import { httpHandler, json } from '../../platform/http.ts';
import { MemberPatch, MemberPath } from '../member.ts';
import { updateMember } from '../member-store.ts';

export const handler = httpHandler({ params: MemberPath, body: MemberPatch }, async ({ params, body }) =>
  json(200, await updateMember(params.id, body, new Date())),
);
