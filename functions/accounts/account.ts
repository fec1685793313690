// Account: the business a company serves — a client (retainer, dedicated manager) or a customer (per
// purchase), internal or external. Schema, record shape, and its reads and writes.

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import {
  authorship,
  Cursor,
  Id,
  Limit,
  notReservedName,
  StorableNumber,
  UserId,
} from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { accounts } from './entity.ts';

export const RELATIONSHIPS = ['client', 'customer'] as const;
export const AUDIENCES = ['external', 'internal'] as const;
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'opportunity', 'active', 'churned'] as const;
export const BILLING_MODELS = ['retainer', 'per_purchase'] as const;

const Timestamp = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const intBetween = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

const BillingShape = /* @__PURE__ */ (() =>
  z.strictObject({
    model: z.enum(BILLING_MODELS),
    monthlyFee: z.optional(
      intBetween(0, 100_000_000_00).check(z.meta({ description: 'Minor units (cents).' })),
    ),
    currency: z.optional(
      z
        .string()
        .check(
          z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR or USD.'),
          z.meta({ description: 'Of the monthly fee; EUR when not given.' }),
        ),
    ),
    costCentre: z.optional(
      text(50).check(
        z.meta({
          description:
            'An internal account’s cost centre: its internal charges are booked to it (an external account’s invoices do not carry it).',
        }),
      ),
    ),
  }))();
const Billing = /* @__PURE__ */ (() =>
  BillingShape.check(
    z.refine((billing) => billing.model !== 'retainer' || billing.monthlyFee !== undefined, {
      message: 'A retainer needs a monthlyFee.',
      path: ['monthlyFee'],
    }),
  ))();

const Tags = /* @__PURE__ */ (() => z.array(text(50)).check(z.maxLength(50)))();
/** Who serves a client (its tickets and tasks): a service member, as a ticket's assignee is. */
const AccountManagerId = /* @__PURE__ */ (() =>
  UserId.check(
    z.meta({
      description:
        "The client's dedicated account manager: an active service member, who receives its tickets and tasks by default (a customer's go to the service team in turn).",
    }),
  ))();
const CustomValue = /* @__PURE__ */ (() =>
  z.union([z.string().check(z.maxLength(1000)), StorableNumber, z.boolean()]))();
const CustomKey = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(/^[A-Za-z][\w.-]{0,63}$/, 'Custom field names: a letter, then up to 63 of [A-Za-z0-9_.-].'),
      notReservedName(),
    ))();
const atMost50 = (what: string) =>
  z.refine<Record<string, unknown>>((record) => Object.keys(record).length <= 50, {
    message: `At most 50 ${what}.`,
  });
const CUSTOM_DESCRIPTION =
  'Names: not one every JavaScript object has (constructor, toString, prototype…); numbers: within ±(2^53 − 1).';
const Custom = /* @__PURE__ */ (() =>
  z
    .record(CustomKey, CustomValue)
    .check(atMost50('custom fields'), z.meta({ description: `Up to 50 fields. ${CUSTOM_DESCRIPTION}` })))();

export const AccountCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: text(200),
      relationship: z._default(z.enum(RELATIONSHIPS), 'customer'),
      audience: z._default(z.enum(AUDIENCES), 'external'),
      lifecycleStage: z._default(z.enum(LIFECYCLE_STAGES), 'lead'),
      ownerId: z.optional(UserId),
      accountManagerId: z.optional(AccountManagerId),
      leadScore: z.optional(intBetween(0, 100)),
      billing: z.optional(Billing),
      tags: z._default(Tags, []),
      custom: z._default(Custom, {}),
    })
    .check(z.meta({ id: 'AccountCreate' })))();

export const AccountPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(text(200)),
      relationship: z.optional(z.enum(RELATIONSHIPS)),
      audience: z.optional(z.enum(AUDIENCES)),
      lifecycleStage: z.optional(z.enum(LIFECYCLE_STAGES)),
      ownerId: z.optional(z.nullable(UserId)),
      accountManagerId: z.optional(z.nullable(AccountManagerId)),
      leadScore: z.optional(z.nullable(intBetween(0, 100))),
      billing: z.optional(z.nullable(Billing)),
      tags: z.optional(Tags),
      custom: z.optional(
        z.record(CustomKey, z.nullable(CustomValue)).check(
          atMost50('custom fields per change'),
          z.meta({
            description: `Merged into the existing fields; null removes a field. ${CUSTOM_DESCRIPTION}`,
          }),
        ),
      ),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({
        id: 'AccountPatch',
        description: 'Fields to change. null removes an optional field; custom is merged key by key.',
      }),
    ))();

export const Account = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      name: z.string(),
      relationship: z.enum(RELATIONSHIPS),
      audience: z.enum(AUDIENCES),
      lifecycleStage: z.enum(LIFECYCLE_STAGES),
      ownerId: z.optional(z.string()),
      accountManagerId: z.optional(z.string()),
      leadScore: z.optional(z.number()),
      billing: z.optional(
        z.object({
          model: z.enum(BILLING_MODELS),
          monthlyFee: z.optional(z.number()),
          currency: z.optional(z.string()),
          costCentre: z.optional(z.string()),
        }),
      ),
      tags: z.array(z.string()),
      custom: z.record(z.string(), CustomValue),
      lastContactAt: z.optional(Timestamp),
      acquiredAt: z.optional(Timestamp),
      /** Set when the account's deletion began (DELETE /accounts/{id}); nothing new is added under it since. */
      deletingAt: z.optional(Timestamp),
      /** Set while the account is being merged into that one (POST /accounts/{id}/merge); nothing new is added under it. */
      mergingInto: z.optional(z.string()),
      /** How many other accounts are being merged into this one right now (it cannot be deleted or merged meanwhile). */
      incomingMerges: z.optional(z.int()),
      /** How many merges of its contacts are running (it is not merged or deleted meanwhile). */
      contactMerges: z.optional(z.int()),
      createdAt: Timestamp,
      ...authorship(),
      updatedAt: Timestamp,
      version: z.int().check(z.minimum(1)),
    })
    .check(z.meta({ id: 'Account' })))();

export type Account = z.infer<typeof Account>;
export type AccountCreate = z.infer<typeof AccountCreate>;
export type AccountPatch = z.infer<typeof AccountPatch>;

/** Page size of a list: 1–100, from the query string. */
export const AccountListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    lifecycleStage: z.optional(z.enum(LIFECYCLE_STAGES)),
    ownerId: z.optional(UserId),
    relationship: z.optional(z.enum(RELATIONSHIPS)),
    audience: z.optional(z.enum(AUDIENCES)),
    tag: z.optional(text(50)),
    accountManagerId: z.optional(UserId),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const AccountPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();

export function newAccount(input: AccountCreate, now: Date): Account {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), ...input, createdAt: at, updatedAt: at, version: 1 };
}

export const accountItem = (account: Account) => accounts.item(account);

/**
 * Who serves the account by default, besides the service team in turn: a client's account manager. A
 * customer has none (one set while it is a customer counts once it becomes a client).
 */
export const dedicatedManagerOf = (account: Pick<Account, 'relationship' | 'accountManagerId'>) =>
  account.relationship === 'client' ? account.accountManagerId : undefined;

export const toAccount = (item: Record<string, unknown>) => recordOf<Account>(item);
