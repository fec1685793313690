// GET /team → the team members.
import { MemberListQuery } from './domain/member.ts';
import { listMembers } from './domain/member-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: MemberListQuery }, async ({ query }) =>
  json(200, await listMembers(query)),
);
