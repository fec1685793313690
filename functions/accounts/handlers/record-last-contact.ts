// InteractionLogged → the account's lastContactAt moves forward to the interaction's time, never back.
// Safe to deliver twice or out of order: the conditional update makes the second one a no-op.
import { InteractionLoggedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { recordLastContact } from '../interaction-store.ts';

export const handler = eventHandler(
  InteractionLoggedDetail,
  async ({ data: interaction }) => ({
    accountId: interaction.accountId,
    moved: await recordLastContact(interaction.accountId, interaction.occurredAt, new Date()),
  }),
  { message: 'last contact' },
);
