// Account: the business a company serves — a client (retainer, dedicated manager) or a customer (per
// purchase), internal or external. Schema, record shape, and its reads and writes.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import { documentClient, TABLE_NAME } from '../shared/clients.ts';
import { NotFound, PreconditionFailed, ValidationFailed } from '../shared/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
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

export async function getAccount(id: string): Promise<Account> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: accountKey(id) }));
  if (Item === undefined) throw new NotFound('Account', id);
  return toAccount(Item);
}

/** For reads under an account: an unknown account is a 404, not an empty list. */
export async function assertAccountExists(id: string): Promise<void> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: accountKey(id), ProjectionExpression: 'pk' }),
  );
  if (Item === undefined) throw new NotFound('Account', id);
}

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

/**
 * Apply a patch in one conditional UpdateItem: fields the patch does not name are untouched, custom fields
 * merge key by key, and `version` goes up by one — so concurrent patches never overwrite each other.
 */
export async function updateAccount(id: string, patch: AccountPatch, ifMatch: number | undefined, now: Date) {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':now': now.toISOString() };
  const set = ['#version = #version + :one', '#updatedAt = :now'];
  const remove: string[] = [];
  const assign = (attribute: string, value: unknown) => {
    const name = `#${attribute}`;
    names[name] = attribute;
    if (value === null) remove.push(name);
    else {
      values[`:${attribute}`] = value;
      set.push(`${name} = :${attribute}`);
    }
  };
  const { custom, ...fields } = patch;
  for (const [attribute, value] of Object.entries(fields)) {
    if (value !== undefined) assign(attribute, value);
  }
  // Index keys follow the fields they are built from.
  if (patch.ownerId === null) {
    assign('gsi1pk', null);
    assign('gsi1sk', null);
  } else if (patch.ownerId !== undefined) {
    assign('gsi1pk', `OWNER#${patch.ownerId}`);
    assign('gsi1sk', `ACCOUNT#${id}`);
  }
  if (patch.lifecycleStage !== undefined) assign('gsi2pk', `ACCOUNT#STAGE#${patch.lifecycleStage}`);
  if (patch.relationship !== undefined) assign('gsi3pk', `ACCOUNT#REL#${patch.relationship}`);
  Object.entries(custom ?? {}).forEach(([key, value], index) => {
    names['#custom'] = 'custom';
    names[`#c${index}`] = key;
    if (value === null) remove.push(`#custom.#c${index}`);
    else {
      values[`:c${index}`] = value;
      set.push(`#custom.#c${index} = :c${index}`);
    }
  });
  let condition = 'attribute_exists(pk)';
  if (ifMatch !== undefined) {
    condition += ' AND #version = :expected';
    values[':expected'] = ifMatch;
  }
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: accountKey(id),
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return toAccount(Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (error.Item === undefined) throw new NotFound('Account', id);
    throw new PreconditionFailed(
      `Account ${id} has changed since version ${ifMatch}; read it again and retry.`,
    );
  }
}

/** The index a list request is served by: the most selective filter given picks it, the rest filter. */
function accountListPlan(query: AccountListQuery) {
  if (query.ownerId !== undefined) {
    return {
      index: 'gsi1',
      pk: 'gsi1pk',
      sk: 'gsi1sk',
      value: `OWNER#${query.ownerId}`,
      filters: ['lifecycleStage', 'relationship'] as const,
    };
  }
  if (query.lifecycleStage !== undefined) {
    return {
      index: 'gsi2',
      pk: 'gsi2pk',
      sk: 'gsi2sk',
      value: `ACCOUNT#STAGE#${query.lifecycleStage}`,
      filters: ['relationship'] as const,
    };
  }
  if (query.relationship !== undefined) {
    return {
      index: 'gsi3',
      pk: 'gsi3pk',
      sk: 'gsi3sk',
      value: `ACCOUNT#REL#${query.relationship}`,
      filters: [] as const,
    };
  }
  return { index: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk', value: 'TYPE#ACCOUNT', filters: [] as const };
}

const MAX_QUERY_ROUNDS = 10;

/** Newest first. With filters beyond the index key, reads on until the page is full (bounded). */
export async function listAccounts(query: AccountListQuery) {
  const plan = accountListPlan(query);
  let startKey = decodeCursor(query.cursor, ['pk', 'sk', plan.pk, plan.sk], { [plan.pk]: plan.value });
  const names: Record<string, string> = { '#ipk': plan.pk };
  const values: Record<string, unknown> = { ':ipk': plan.value };
  const filters: string[] = [];
  for (const field of plan.filters) {
    const value = query[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`#${field} = :${field}`);
  }
  const items: Account[] = [];
  for (let round = 0; round < MAX_QUERY_ROUNDS && items.length < query.limit; round++) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: plan.index,
        KeyConditionExpression: '#ipk = :ipk',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) items.push(toAccount(item));
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
    if (startKey === undefined) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}
