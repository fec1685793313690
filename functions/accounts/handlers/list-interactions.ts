// GET /accounts/{id}/interactions?limit=&cursor= → the timeline, newest first.

import { httpHandler, json } from '../../platform/http.ts';
import { AccountPath } from '../account.ts';
import { InteractionListQuery } from '../interaction.ts';
import { listInteractions } from '../interaction-store.ts';

export const handler = httpHandler(
  { params: AccountPath, query: InteractionListQuery },
  async ({ params, query }) => json(200, await listInteractions(params.id, query)),
);
