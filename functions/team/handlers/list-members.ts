// GET /team → the team members.

import { httpHandler, json } from '../../platform/http.ts';
import { listMembers } from '../member-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listMembers, async ({ query }) =>
  json(200, await listMembers(query)),
);
