// GET /accounts/{id}/interactions/{interactionId} → 200 | 404.
import { InteractionPath } from './domain/interaction.ts';
import { getInteraction } from './domain/interaction-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: InteractionPath }, async ({ params }) =>
  json(200, await getInteraction(params.id, params.interactionId)),
);
