// DealStageChanged → proposal (the quote went out): follow-up tasks for the owner at +3 and +7 days, once.
import { DealStageChangedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { proposalFollowUps } from '../deal-automations.ts';

export const handler = eventHandler(
  DealStageChangedDetail,
  async ({ data: deal, occurredAt }) => {
    const tasks = await proposalFollowUps(deal, occurredAt, new Date());
    return { dealId: deal.id, tasks: tasks.map((task) => task.id) };
  },
  { message: 'proposal follow-ups' },
);
