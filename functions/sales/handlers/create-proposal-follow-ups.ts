// DealStageChanged → proposal, or DealCreated in proposal (the quote went out): follow-up tasks for the owner
// on the 3rd and 7th business day, once per deal.
import { DealDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { proposalFollowUps } from '../deal-automations.ts';

export const handler = eventHandler(
  DealDetail,
  async ({ data: deal, occurredAt }) => {
    const tasks = await proposalFollowUps(deal, occurredAt, new Date());
    return { dealId: deal.id, tasks: tasks.map((task) => task.id) };
  },
  { message: 'proposal follow-ups' },
);
