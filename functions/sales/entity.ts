// Where deals are kept: under their account's partition, and in the indexes that make the pipeline — by
// stage in expected-close order, by owner, and all of them. And the sales team's own records: each owner's
// quotas, and the list of reasons a deal is lost for.
import { accountPartition } from '../accounts/index.ts';
import { byType, entity } from '../platform/entity.ts';
import type { Deal } from './deal.ts';
import type { LostReasons } from './lost-reason.ts';
import type { Quota } from './quota.ts';

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

/** The lost-reason list: one item (absent while the default list holds). */
export const lostReasonsKey = { pk: 'SALES#LOST_REASONS', sk: 'LOST_REASONS' } as const;
export const lostReasonLists = /* @__PURE__ */ entity({
  type: 'LostReasons',
  key: (_list: LostReasons) => lostReasonsKey,
  indexes: {},
});

const QUOTA_PREFIX = 'QUOTA#';
const quotaSortKey = (quota: Pick<Quota, 'period' | 'start'>) => `${quota.period}#${quota.start}`;
export const quotaKey = (quota: Pick<Quota, 'ownerId' | 'period' | 'start'>) =>
  ({ pk: `${QUOTA_PREFIX}${quota.ownerId}`, sk: quotaSortKey(quota) }) as const;
const periodPartition = (period: string, start: string) => `QUOTA#PERIOD#${period}#${start}`;

export const quotas = /* @__PURE__ */ entity({
  type: 'Quota',
  key: (quota: Quota) => quotaKey(quota),
  indexes: {
    /** An owner's quotas, in the owner's partition with their accounts and deals, latest period first. */
    byOwner: {
      index: 'gsi1',
      partition: ownerPartition,
      /** Every quota of the owner, or those of one period kind (`QUOTA#month#`). */
      prefix: (period?: string) => `${QUOTA_PREFIX}${period === undefined ? '' : `${period}#`}`,
      key: (quota: Quota) => ({
        pk: ownerPartition(quota.ownerId),
        sk: `${QUOTA_PREFIX}${quotaSortKey(quota)}`,
      }),
    },
    /** Everyone's quota for one period: what its report reads. */
    byPeriod: {
      index: 'gsi3',
      partition: periodPartition,
      key: (quota: Quota) => ({
        pk: periodPartition(quota.period, quota.start),
        sk: `${QUOTA_PREFIX}${quota.ownerId}`,
      }),
    },
  },
});
