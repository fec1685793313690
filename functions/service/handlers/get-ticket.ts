// GET /tickets/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { getTicket } from '../ticket-store.ts';

export const handler = httpHandler(routes.getTicket, async ({ params }) => {
  const ticket = await getTicket(params.id);
  return versioned(200, ticket);
});
