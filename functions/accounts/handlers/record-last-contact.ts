// InteractionLogged → the account's lastContactAt moves forward to the interaction's time, never back.
// Safe to deliver twice or out of order: the conditional update makes the second one a no-op.
import type { EventBridgeEvent } from 'aws-lambda';
import { InteractionLoggedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import { recordLastContact } from '../interaction-store.ts';

export const handler = async (event: EventBridgeEvent<'InteractionLogged', unknown>): Promise<void> => {
  const detail = InteractionLoggedDetail.parse(event.detail);
  const moved = await recordLastContact(detail.data.accountId, detail.data.occurredAt, new Date());
  logger.info('last contact', { accountId: detail.data.accountId, eventId: detail.eventId, moved });
};
