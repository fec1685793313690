// Interaction: one touchpoint with an account (call, e-mail, meeting, …). Its id is a ULID minted from
// occurredAt, so the account's timeline is one Query on the sort key, newest first.

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import { authorship, Cursor, Id, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const CHANNELS = ['call', 'email', 'meeting', 'chat', 'form', 'note', 'visit'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const CATEGORIES = ['sales', 'service'] as const;

// ULIDs carry 48 bits of milliseconds: dates from 1970 up to year 10889; a CRM needs far less.
const EARLIEST = /* @__PURE__ */ (() => Date.parse('1970-01-01T00:00:00Z'))();

export const InteractionCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      channel: z.enum(CHANNELS),
      direction: z._default(z.enum(DIRECTIONS), 'inbound'),
      category: z._default(z.enum(CATEGORIES), 'sales'),
      subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
      body: z.optional(z.string().check(z.maxLength(20_000))),
      occurredAt: z.optional(
        z.iso.datetime({ offset: true }).check(
          z.refine((value) => Date.parse(value) >= EARLIEST, 'Must not be before 1970.'),
          z.refine(
            (value) => Date.parse(value) <= Date.now() + 24 * 3600_000,
            'Must not be more than a day ahead.',
          ),
          z.meta({ description: 'When it happened; defaults to now.' }),
        ),
      ),
      durationSeconds: z.optional(z.int().check(z.minimum(0), z.maximum(7 * 24 * 3600))),
      agentId: z.optional(UserId),
      contactId: z.optional(Id),
      ticketId: z.optional(Id),
    })
    .check(z.meta({ id: 'InteractionCreate' })))();
export type InteractionCreate = z.infer<typeof InteractionCreate>;

/**
 * What may change once an interaction is logged: what it says and who it was with. When it happened, its
 * category, direction, duration and ticket are what the reports counted (and when it sits on the timeline),
 * so they stay as logged — an unknown field here, 400 naming it; log a correcting interaction instead.
 */
export const InteractionPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      channel: z.optional(z.enum(CHANNELS)),
      subject: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
      body: z.optional(z.nullable(z.string().check(z.maxLength(20_000)))),
      agentId: z.optional(z.nullable(UserId)),
      contactId: z.optional(z.nullable(Id.check(z.meta({ description: "One of the account's contacts." })))),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({
        id: 'InteractionPatch',
        description:
          'What it says and who it was with; null removes an optional field. occurredAt, category, direction, durationSeconds and ticketId stay as logged (the reports counted them).',
      }),
    ))();
export type InteractionPatch = z.infer<typeof InteractionPatch>;

export const Interaction = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      channel: z.enum(CHANNELS),
      direction: z.enum(DIRECTIONS),
      category: z.enum(CATEGORIES),
      subject: z.string(),
      body: z.optional(z.string()),
      occurredAt: z.string(),
      durationSeconds: z.optional(z.int()),
      agentId: z.optional(z.string()),
      contactId: z.optional(z.string()),
      ticketId: z.optional(z.string()),
      loggedBy: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.optional(z.string()),
      version: z.int(),
    })
    .check(z.meta({ id: 'Interaction' })))();
export type Interaction = z.infer<typeof Interaction>;

export const InteractionListQuery = /* @__PURE__ */ (() =>
  z.strictObject({ limit: Limit(25), cursor: Cursor }))();
export type InteractionListQuery = z.infer<typeof InteractionListQuery>;
export const InteractionPath = /* @__PURE__ */ (() => z.strictObject({ id: Id, interactionId: Id }))();

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

export const toInteraction = (item: Record<string, unknown>) => recordOf<Interaction>(item);
