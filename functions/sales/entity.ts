// Where deals are kept: under their account's partition, and in the indexes that make the pipeline — by
// stage in expected-close order, by owner, and all of them.
import { accountPartition } from '../accounts/index.ts';
import { byType, entity } from '../platform/entity.ts';
import type { Deal } from './deal.ts';

export const DEAL_PREFIX = 'DEAL#';
const dealSortKey = (dealId: string) => `${DEAL_PREFIX}${dealId}`;

export const dealKey = (accountId: string, dealId: string) =>
  ({ pk: accountPartition(accountId), sk: dealSortKey(dealId) }) as const;

// Shared with the accounts' by-owner index: one owner's accounts and deals, told apart by sort-key prefix.
const ownerPartition = (ownerId: string) => `OWNER#${ownerId}`;
const stagePartition = (stage: string) => `DEAL#STAGE#${stage}`;
/** A deal with no expected close date sorts after every dated one of its stage. */
const closeSortKey = (deal: Pick<Deal, 'id' | 'expectedCloseDate'>) =>
  `${deal.expectedCloseDate ?? '9999-12-31'}#${deal.id}`;

export const deals = /* @__PURE__ */ entity({
  type: 'Deal',
  key: (deal: Deal) => dealKey(deal.accountId, deal.id),
  indexes: {
    byOwner: {
      index: 'gsi1',
      partition: ownerPartition,
      /** The owner's partition also holds accounts: a range on this prefix reads only the deals. */
      prefix: DEAL_PREFIX,
      key: (deal: Pick<Deal, 'id' | 'ownerId'>) =>
        deal.ownerId === undefined
          ? undefined
          : { pk: ownerPartition(deal.ownerId), sk: dealSortKey(deal.id) },
    },
    byStage: {
      index: 'gsi2',
      partition: stagePartition,
      /** The sort-key range of the deals expected to close from `from` to `to` (days, inclusive). */
      closing: (from: string, to: string) => ({ from, to: `${to}#\uffff` }),
      key: (deal: Pick<Deal, 'id' | 'stage' | 'expectedCloseDate'>) => ({
        pk: stagePartition(deal.stage),
        sk: closeSortKey(deal),
      }),
    },
    all: /* @__PURE__ */ byType<Deal>('DEAL'),
  },
});
