// GET /tickets?status=&priority=&assigneeId=&limit=&cursor= → tickets from an index, never a scan.

import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { listTickets } from '../ticket-store.ts';

export const handler = httpHandler(routes.listTickets, async ({ query }) =>
  json(200, await listTickets(query)),
);
