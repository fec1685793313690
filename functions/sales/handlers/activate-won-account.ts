// DealStageChanged → won: the account becomes an active client (retainer) or customer, acquiredAt set once.
import { DealStageChangedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { activateWonAccount } from '../deal-automations.ts';

export const handler = eventHandler(
  DealStageChangedDetail,
  async ({ data: deal }) => ({
    dealId: deal.id,
    accountId: deal.accountId,
    changed: await activateWonAccount(deal, deal.closedAt ?? deal.updatedAt, new Date()),
  }),
  { message: 'won deal' },
);
