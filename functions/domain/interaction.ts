// Interaction: one touchpoint with an account (call, e-mail, meeting, …). Its id is a ULID minted from
// occurredAt, so the account's timeline is one Query on the sort key, newest first.

import { ulid } from 'ulid';
import * as z from 'zod';
import { Id, UserId } from './account.ts';
import { withoutStorageAttributes } from './keys.ts';

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
