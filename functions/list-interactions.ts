// GET /accounts/{id}/interactions?limit=&cursor= → the timeline, newest first.
import { AccountPath } from './domain/account.ts';
import { InteractionListQuery } from './domain/interaction.ts';
import { listInteractions } from './domain/interaction-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: AccountPath, query: InteractionListQuery },
  async ({ params, query }) => json(200, await listInteractions(params.id, query)),
);
