// Account: the business a company serves — a client (retainer, dedicated manager) or a customer (per
// purchase), internal or external. Schema, record shape, and its reads and writes.

import { ulid } from 'ulid';
import * as z from 'zod';
import { ValidationFailed } from '../shared/errors.ts';
import { accountIndexKeys, accountKey, withoutStorageAttributes } from './keys.ts';

export const RELATIONSHIPS = ['client', 'customer'] as const;
export const AUDIENCES = ['external', 'internal'] as const;
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'opportunity', 'active', 'churned'] as const;
export const BILLING_MODELS = ['retainer', 'per_purchase'] as const;

export const Id = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be a ULID (26 characters, Crockford base32).')
  .meta({ description: 'A ULID.', example: '01JD0000000000000000000000' });
export const UserId = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w@.+:-]+$/, 'Letters, digits and _ @ . + : - only.')
  .meta({ description: 'A team member (the token subject of a user).' });
const Timestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 date-time.' });

const Billing = z.strictObject({
  model: z.enum(BILLING_MODELS),
  monthlyFee: z.int().min(0).max(1_000_000_000_00).optional().meta({ description: 'Minor units (cents).' }),
});
const billingRule = (billing: z.infer<typeof Billing>) =>
  billing.model !== 'retainer' || billing.monthlyFee !== undefined;
const billingMessage = { message: 'A retainer needs a monthlyFee.', path: ['monthlyFee'] };

const Tags = z.array(z.string().trim().min(1).max(50)).max(50);
const CustomValue = z.union([z.string().max(1000), z.number(), z.boolean()]);
const CustomKey = z
  .string()
  .regex(/^[A-Za-z][\w.-]{0,63}$/, 'Custom field names: a letter, then up to 63 of [A-Za-z0-9_.-].');
const Custom = z.record(CustomKey, CustomValue).refine((custom) => Object.keys(custom).length <= 50, {
  message: 'At most 50 custom fields.',
});

export const AccountCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    relationship: z.enum(RELATIONSHIPS).default('customer'),
    audience: z.enum(AUDIENCES).default('external'),
    lifecycleStage: z.enum(LIFECYCLE_STAGES).default('lead'),
    ownerId: UserId.optional(),
    leadScore: z.int().min(0).max(100).optional(),
    billing: Billing.refine(billingRule, billingMessage).optional(),
    tags: Tags.default([]),
    custom: Custom.default({}),
  })
  .meta({ id: 'AccountCreate' });

export const AccountPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    relationship: z.enum(RELATIONSHIPS).optional(),
    audience: z.enum(AUDIENCES).optional(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
    ownerId: UserId.nullable().optional(),
    leadScore: z.int().min(0).max(100).nullable().optional(),
    billing: Billing.refine(billingRule, billingMessage).nullable().optional(),
    tags: Tags.optional(),
    custom: z
      .record(CustomKey, CustomValue.nullable())
      .refine((custom) => Object.keys(custom).length <= 50, {
        message: 'At most 50 custom fields per change.',
      })
      .optional()
      .meta({ description: 'Merged into the existing fields; null removes a field.' }),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' })
  .meta({
    id: 'AccountPatch',
    description: 'Fields to change. null removes an optional field; custom is merged key by key.',
  });

export const Account = z
  .object({
    id: Id,
    name: z.string(),
    relationship: z.enum(RELATIONSHIPS),
    audience: z.enum(AUDIENCES),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    ownerId: z.string().optional(),
    leadScore: z.number().optional(),
    billing: z.object({ model: z.enum(BILLING_MODELS), monthlyFee: z.number().optional() }).optional(),
    tags: z.array(z.string()),
    custom: z.record(z.string(), CustomValue),
    lastContactAt: Timestamp.optional(),
    acquiredAt: Timestamp.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.int().min(1),
  })
  .meta({ id: 'Account' });

export type Account = z.infer<typeof Account>;
export type AccountCreate = z.infer<typeof AccountCreate>;
export type AccountPatch = z.infer<typeof AccountPatch>;

export const AccountListQuery = z.strictObject({
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  ownerId: UserId.optional(),
  relationship: z.enum(RELATIONSHIPS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const AccountPath = z.strictObject({ id: Id });

export function newAccount(input: AccountCreate, now: Date): Account {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), ...input, createdAt: at, updatedAt: at, version: 1 };
}

export function accountItem(account: Account) {
  return { ...accountKey(account.id), type: 'Account', ...accountIndexKeys(account), ...account };
}

export const toAccount = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Account;

/** Parse an If-Match header: `3`, `"3"` or `W/"3"`. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(header.trim());
  if (match?.[1] === undefined) {
    throw new ValidationFailed([
      { path: 'header.If-Match', message: 'Must be the version number, e.g. "3".' },
    ]);
  }
  return Number(match[1]);
}
