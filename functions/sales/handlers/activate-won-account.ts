// DealStageChanged → won: the account becomes an active client (retainer) or customer, acquiredAt set once.
import type { EventBridgeEvent } from 'aws-lambda';
import { DealStageChangedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { activateWonAccount } from '../deal-automations.ts';

export const handler = async (event: EventBridgeEvent<'DealStageChanged', unknown>): Promise<void> => {
  const { data: deal, eventId } = z.parse(DealStageChangedDetail, event.detail);
  const changed = await activateWonAccount(deal, deal.closedAt ?? deal.updatedAt, new Date());
  logger.info('won deal', { dealId: deal.id, accountId: deal.accountId, eventId, changed });
};
