// GET /team → the team members.

import { httpHandler, json } from '../../platform/http.ts';
import { MemberListQuery } from '../member.ts';
import { listMembers } from '../member-store.ts';

export const handler = httpHandler({ query: MemberListQuery }, async ({ query }) =>
  json(200, await listMembers(query)),
);
