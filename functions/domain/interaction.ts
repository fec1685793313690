// Interaction: one touchpoint with an account (call, e-mail, meeting, …). Its id is a ULID minted from
// occurredAt, so the account's timeline is one Query on the sort key, newest first.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import { documentClient, TABLE_NAME } from '../shared/clients.ts';
import { NotFound } from '../shared/errors.ts';
import { assertAccountExists, Id, UserId } from './account.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  accountKey,
  contactKey,
  INTERACTION_PREFIX,
  interactionKey,
  withoutStorageAttributes,
} from './keys.ts';
import type { TransactItem, TransactionRefused } from './store.ts';

export const CHANNELS = ['call', 'email', 'meeting', 'chat', 'form', 'note', 'visit'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const CATEGORIES = ['sales', 'service'] as const;

// ULIDs carry 48 bits of milliseconds: dates from 1970 up to year 10889; a CRM needs far less.
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');

export const InteractionCreate = z
  .strictObject({
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS).default('inbound'),
    category: z.enum(CATEGORIES).default('sales'),
    subject: z.string().trim().min(1).max(300),
    body: z.string().max(20_000).optional(),
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((value) => Date.parse(value) >= EARLIEST, 'Must not be before 1970.')
      .refine(
        (value) => Date.parse(value) <= Date.now() + 24 * 3600_000,
        'Must not be more than a day ahead.',
      )
      .optional()
      .meta({ description: 'When it happened; defaults to now.' }),
    durationSeconds: z
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional(),
    agentId: UserId.optional(),
    contactId: Id.optional(),
  })
  .meta({ id: 'InteractionCreate' });
export type InteractionCreate = z.infer<typeof InteractionCreate>;

export const Interaction = z
  .object({
    id: Id,
    accountId: Id,
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    category: z.enum(CATEGORIES),
    subject: z.string(),
    body: z.string().optional(),
    occurredAt: z.string(),
    durationSeconds: z.int().optional(),
    agentId: z.string().optional(),
    contactId: z.string().optional(),
    loggedBy: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string().optional(),
    version: z.int(),
  })
  .meta({ id: 'Interaction' });
export type Interaction = z.infer<typeof Interaction>;

export const InteractionListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export function newInteraction(
  accountId: string,
  input: InteractionCreate,
  loggedBy: string | undefined,
  now: Date,
): Interaction {
  const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt);
  return {
    id: ulid(occurredAt.getTime()),
    accountId,
    ...input,
    occurredAt: occurredAt.toISOString(),
    ...(loggedBy === undefined ? {} : { loggedBy }),
    createdAt: now.toISOString(),
    version: 1,
  };
}

export const toInteraction = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Interaction;

/** Account (and contact, when named) must exist; then the interaction. */
export function interactionCreateItems(interaction: Interaction): TransactItem[] {
  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: accountKey(interaction.accountId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
  ];
  if (interaction.contactId !== undefined) {
    items.push({
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: contactKey(interaction.accountId, interaction.contactId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }
  items.push({
    Put: {
      TableName: TABLE_NAME,
      Item: { ...interactionKey(interaction.accountId, interaction.id), type: 'Interaction', ...interaction },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  return items;
}

export function interactionCreateRefused(interaction: Interaction) {
  return (refused: TransactionRefused): Error => {
    if (refused.failedAt(0)) return new NotFound('Account', interaction.accountId);
    if (interaction.contactId !== undefined && refused.failedAt(1)) {
      return new NotFound(`Contact (of account ${interaction.accountId})`, interaction.contactId);
    }
    return refused;
  };
}

/** The account's timeline, newest first. An unknown account is a 404, not an empty list. */
export async function listInteractions(accountId: string, query: z.infer<typeof InteractionListQuery>) {
  const [, page] = await Promise.all([
    assertAccountExists(accountId),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `ACCOUNT#${accountId}`,
          ':from': INTERACTION_PREFIX,
          ':to': `${INTERACTION_PREFIX}\uffff`,
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk'], { pk: `ACCOUNT#${accountId}` }),
      }),
    ),
  ]);
  return { items: (page.Items ?? []).map(toInteraction), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/**
 * Move the account's lastContactAt forward to `occurredAt` — never back. Idempotent: a redelivered or
 * out-of-order interaction finds the condition false and changes nothing.
 */
export async function recordLastContact(accountId: string, occurredAt: string, now: Date): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: accountKey(accountId),
        UpdateExpression: 'SET lastContactAt = :at, updatedAt = :now, version = version + :one',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt < :at)',
        ExpressionAttributeValues: { ':at': occurredAt, ':now': now.toISOString(), ':one': 1 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
