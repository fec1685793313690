// POST /accounts/{id}/interactions → 201. The account's lastContactAt follows from the InteractionLogged event.
import { AccountPath } from './domain/account.ts';
import { InteractionCreate, newInteraction } from './domain/interaction.ts';
import { interactionCreateItems, interactionCreateRefused } from './domain/interaction-store.ts';
import { createOnce, idempotencyOf } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';
import { requirePrincipal } from './shared/principal.ts';

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
