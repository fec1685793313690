// GET /tickets?status=&priority=&assigneeId=&limit=&cursor= → tickets from an index, never a scan. The queue
// spans every account: a caller who sees only their own accounts lists tickets per account instead (400
// saying so) — the indexes cannot filter tickets by their account's owner without pages with holes.

import { Invalid } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import * as routes from '../routes.ts';
import { listTickets } from '../ticket-store.ts';

export const handler = httpHandler(routes.listTickets, async ({ query, principal }) => {
  if (scopeOf(principal, 'accounts') === 'own') {
    throw new Invalid([
      {
        path: 'query',
        message:
          'You see only your own accounts: list their tickets with GET /accounts/{id}/tickets (this queue spans every account).',
      },
    ]);
  }
  return json(200, await listTickets(query));
});
