// POST /accounts/{id}/interactions → 201. The account's lastContactAt follows from the InteractionLogged event.

import { httpHandler, json } from '../../platform/http.ts';
import { requirePrincipal } from '../../platform/principal.ts';
import { createOnce, idempotencyOf } from '../../platform/store.ts';
import { AccountPath } from '../account.ts';
import { InteractionCreate, newInteraction } from '../interaction.ts';
import { interactionCreateItems, interactionCreateRefused } from '../interaction-store.ts';

export const handler = httpHandler(
  { params: AccountPath, body: InteractionCreate },
  async ({ params, body, principal, header }) => {
    const route = `POST /accounts/${params.id}/interactions`;
    const idempotency = idempotencyOf(principal, header('idempotency-key'), route, body);
    const interaction = newInteraction(params.id, body, requirePrincipal(principal).sub, new Date());
    return createOnce(
      interactionCreateItems(interaction),
      json(201, interaction, { Location: `/accounts/${params.id}/interactions/${interaction.id}` }),
      idempotency,
      interactionCreateRefused(interaction),
    );
  },
);
