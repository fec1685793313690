// GET /accounts/{id}/interactions/{interactionId} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { InteractionPath } from '../interaction.ts';
import { getInteraction } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getInteraction, async ({ params }) =>
  json(200, await getInteraction(params.id, params.interactionId)),
);
