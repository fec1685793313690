// POST /accounts/{id}/interactions → 201. The account's lastContactAt follows from the InteractionLogged event.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { assertMembers } from '../../team/services.ts';
import { guardAccount } from '../account-store.ts';
import { newInteraction } from '../interaction.ts';
import { interactionCreateItems, interactionCreateRefused } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.logInteraction, async ({ params, body, principal, header }) => {
  await guardAccount(principal, params.id);
  await assertMembers([{ path: 'agentId', id: body.agentId }]);
  const route = `POST /accounts/${params.id}/interactions`;
  const idempotency = idempotencyOf(principal, header('idempotency-key'), route, body);
  const interaction = newInteraction(params.id, body, principal.memberId, new Date());
  const { record, replayed } = await createOnce(
    interactionCreateItems(interaction),
    interaction,
    idempotency,
    interactionCreateRefused(interaction),
  );
  return created(record, `/accounts/${params.id}/interactions/${record.id}`, replayed);
});
