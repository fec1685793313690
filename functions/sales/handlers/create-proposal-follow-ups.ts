// DealStageChanged → proposal (the quote went out): follow-up tasks for the owner at +3 and +7 days, once.
import type { EventBridgeEvent } from 'aws-lambda';
import { DealStageChangedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { proposalFollowUps } from '../deal-automations.ts';

export const handler = async (event: EventBridgeEvent<'DealStageChanged', unknown>): Promise<void> => {
  const { data: deal, occurredAt, eventId } = z.parse(DealStageChangedDetail, event.detail);
  const tasks = await proposalFollowUps(deal, occurredAt, new Date());
  logger.info('proposal follow-ups', { dealId: deal.id, eventId, tasks: tasks.map((task) => task.id) });
};
