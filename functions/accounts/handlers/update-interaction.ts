// PATCH /accounts/{id}/interactions/{interactionId} → 200 + ETag: what it says (channel, subject, body) and who
// it was with (agent, contact: the account's, else 400); what the reports counted stays as logged. A stale
// If-Match → 412; nothing written either way.

import { httpHandler, versioned } from '../../platform/http.ts';
import { assertMembers } from '../../team/services.ts';
import { guardAccount } from '../account-store.ts';
import { updateInteraction } from '../interaction-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateInteraction, async ({ params, body, ifMatch, principal }) => {
  await guardAccount(principal, params.id);
  // null takes the agent away: nothing to check.
  await assertMembers([{ path: 'agentId', id: body.agentId ?? undefined }]);
  const interaction = await updateInteraction(params.id, params.interactionId, body, ifMatch, new Date());
  return versioned(200, interaction);
});
