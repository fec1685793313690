// DealStageChanged → proposal (the quote went out): follow-up tasks for the owner at +3 and +7 days, once.
import type { EventBridgeEvent } from 'aws-lambda';
import { proposalFollowUps } from './domain/deal-automations.ts';
import { DealStageChangedDetail } from './domain/event-schemas.ts';
import { logger } from './shared/logger.ts';
import * as z from './shared/zod.ts';

export const handler = async (event: EventBridgeEvent<'DealStageChanged', unknown>): Promise<void> => {
  const { data: deal, occurredAt, eventId } = z.parse(DealStageChangedDetail, event.detail);
  const tasks = await proposalFollowUps(deal, occurredAt, new Date());
  logger.info('proposal follow-ups', { dealId: deal.id, eventId, tasks: tasks.map((task) => task.id) });
};
