// Contact: a person at an account. E-mail addresses are unique across the CRM after normalisation.

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import { authorship, Cursor, Id, Limit } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

/** Case and surrounding space do not make another address. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** An e-mail address, trimmed, checked and normalised. */
export const Email = /* @__PURE__ */ (() =>
  z.pipe(
    z.string().check(z.trim(), z.maxLength(254), z.email({ message: 'Must be an e-mail address.' })),
    z.transform(normaliseEmail),
  ))();

export const ContactCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      email: z.optional(Email),
      phone: z.optional(
        z
          .string()
          .check(
            z.trim(),
            z.regex(/^\+?[0-9 ()./-]{3,32}$/, 'Must be a phone number (digits, spaces, + ( ) . / -).'),
          ),
      ),
      role: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      decisionMaker: z._default(z.boolean(), false),
    })
    .check(z.meta({ id: 'ContactCreate' })))();
export type ContactCreate = z.infer<typeof ContactCreate>;

export const Contact = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      name: z.string(),
      email: z.optional(z.string()),
      phone: z.optional(z.string()),
      role: z.optional(z.string()),
      decisionMaker: z.boolean(),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Contact' })))();
export type Contact = z.infer<typeof Contact>;

export const ContactListQuery = /* @__PURE__ */ (() =>
  z.strictObject({ limit: Limit(50), cursor: Cursor }))();
export type ContactListQuery = z.infer<typeof ContactListQuery>;
export const ContactPath = /* @__PURE__ */ (() => z.strictObject({ id: Id, contactId: Id }))();
export const ContactSearchQuery = /* @__PURE__ */ (() => z.strictObject({ email: Email }))();

export function newContact(accountId: string, input: ContactCreate, now: Date): Contact {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), accountId, ...input, createdAt: at, updatedAt: at, version: 1 };
}

export const toContact = (item: Record<string, unknown>) => recordOf<Contact>(item);
