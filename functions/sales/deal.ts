// Deal: a sales opportunity on an account, moving through the pipeline prospecting → qualification →
// presentation → proposal → negotiation → won | lost. Forward moves may skip stages, lost is reachable from
// any open stage, won and lost are final.

import { ulid } from 'ulid';
import { AUDIENCES } from '../accounts/index.ts';
import { recordOf } from '../platform/entity.ts';
import { derivedId } from '../platform/keys.ts';
import { authorship, Cursor, Id, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { addBusinessDays, type Task } from '../work/index.ts';
import { deals } from './entity.ts';
import { ReasonCode } from './lost-reason.ts';

export const OPEN_STAGES = [
  'prospecting',
  'qualification',
  'presentation',
  'proposal',
  'negotiation',
] as const;
export const STAGES = [...OPEN_STAGES, 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * What is sold: a standard product, or tailored work — an advisory or project engagement with its own scope.
 * The reports split revenue by it; a deal from before the split is a standard sale.
 */
export const ENGAGEMENT_TYPES = ['standard', 'tailored'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** When a proposal is followed up: business days after the quote went out. */
export const FOLLOW_UP_DAYS = [3, 7] as const;

/** The stages a deal at `from` may move to. */
export function allowedMoves(from: Stage): Stage[] {
  const index = (OPEN_STAGES as readonly string[]).indexOf(from);
  if (index === -1) return [];
  return [...OPEN_STAGES.slice(index + 1), 'won', 'lost'];
}

const Currency = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR or USD.')))();
const Day = /* @__PURE__ */ (() => z.iso.date())();
/**
 * Ten billion in major units. Well past any deal, and far enough below 2^53 − 1 that a day's won revenue (or a
 * stage's pipeline) passes it only after some 9,000 such deals. The cap alone guarantees nothing: the report
 * reads and sums its counters exactly and states a total past 2^53 − 1 as its digits (reporting/report.ts,
 * Amount), so a large total is never rounded or left out.
 */
const MAX_DEAL_AMOUNT = 1_000_000_000_000;

const Amount = /* @__PURE__ */ (() =>
  z
    .int()
    .check(
      z.minimum(0),
      z.maximum(MAX_DEAL_AMOUNT),
      z.meta({ description: 'Minor units (cents), at most 10^12.' }),
    ))();
const Title = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();
const LostNote = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)))();
const Scope = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(2000),
      z.meta({ description: 'What the tailored work covers: the engagement’s scope.' }),
    ))();

export const DealCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      accountId: Id,
      title: Title,
      amount: Amount,
      currency: Currency,
      stage: z._default(z.enum(OPEN_STAGES), 'prospecting'),
      expectedCloseDate: z.optional(Day),
      ownerId: z.optional(UserId),
      engagementType: z._default(z.enum(ENGAGEMENT_TYPES), 'standard'),
      scope: z.optional(Scope),
    })
    .check(z.meta({ id: 'DealCreate' })))();
export type DealCreate = z.infer<typeof DealCreate>;

export const DealPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      title: z.optional(Title),
      amount: z.optional(Amount),
      currency: z.optional(Currency),
      stage: z.optional(z.enum(STAGES)),
      expectedCloseDate: z.optional(z.nullable(Day)),
      ownerId: z.optional(z.nullable(UserId)),
      engagementType: z.optional(z.enum(ENGAGEMENT_TYPES)),
      scope: z.optional(z.nullable(Scope)),
      lostReason: z.optional(ReasonCode),
      lostNote: z.optional(LostNote),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      // Why a deal was lost is said when it is lost, once: the report counts it on that day.
      z.refine((patch) => patch.stage !== 'lost' || patch.lostReason !== undefined, {
        message: 'A deal moved to lost needs its reason: one of GET /lost-reasons.',
        path: ['lostReason'],
      }),
      z.refine((patch) => patch.stage === 'lost' || patch.lostReason === undefined, {
        message: 'A lost reason is given with the move to lost (stage: lost).',
        path: ['lostReason'],
      }),
      z.refine((patch) => patch.stage === 'lost' || patch.lostNote === undefined, {
        message: 'A note on the loss is given with the move to lost (stage: lost).',
        path: ['lostNote'],
      }),
      z.meta({ id: 'DealPatch' }),
    ))();
export type DealPatch = z.infer<typeof DealPatch>;

export const Deal = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      title: z.string(),
      amount: z.number(),
      currency: z.string(),
      stage: z.enum(STAGES),
      expectedCloseDate: z.optional(z.string()),
      ownerId: z.optional(z.string()),
      /** Absent on deals from before engagement types: standard. */
      engagementType: z.optional(z.enum(ENGAGEMENT_TYPES)),
      /**
       * The account's audience when the deal was opened — an internal department or an external buyer — so the
       * reports keep the two apart. Absent on deals from before: external.
       */
      audience: z.optional(z.enum(AUDIENCES)),
      scope: z.optional(z.string()),
      closedAt: z.optional(z.string()),
      /** Why it was lost (a code of the lost-reason list), and a note; set with the move to lost. */
      lostReason: z.optional(z.string()),
      lostNote: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Deal' })))();
export type Deal = z.infer<typeof Deal>;

export const DealPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const DealListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    stage: z.optional(z.enum(STAGES)),
    ownerId: z.optional(UserId),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type DealListQuery = z.infer<typeof DealListQuery>;
export const AccountDealsQuery = /* @__PURE__ */ (() =>
  z.strictObject({ limit: Limit(25), cursor: Cursor }))();
export type AccountDealsQuery = z.infer<typeof AccountDealsQuery>;

export function newDeal(input: DealCreate, now: Date, audience?: Deal['audience']): Deal {
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    ...(audience === undefined ? {} : { audience }),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * The "Follow up on proposal" tasks of a deal whose quote went out at `sentAt`, made at `at`: for its owner, on
 * the 3rd and 7th business day at 09:00 UTC, their ids derived from the deal (so made once).
 */
export function proposalFollowUpTasks(deal: Deal, sentAt: string, at: string): Task[] {
  return FOLLOW_UP_DAYS.map((days) => ({
    id: derivedId(`${deal.id}#proposal#${days}`),
    title: `Follow up on proposal: ${deal.title} (+${days} business days)`.slice(0, 200),
    ...(deal.ownerId === undefined ? {} : { assigneeId: deal.ownerId }),
    dueAt: addBusinessDays(new Date(sentAt), days).toISOString(),
    status: 'open',
    checklist: [],
    links: { accountId: deal.accountId, dealId: deal.id },
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
}

export const dealItem = (deal: Deal) => deals.item(deal);

export const toDeal = (item: Record<string, unknown>) => recordOf<Deal>(item);
