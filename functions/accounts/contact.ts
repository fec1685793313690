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

const Name = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();
const Phone = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^\+?[0-9 ()./-]{3,32}$/, 'Must be a phone number (digits, spaces, + ( ) . / -).'),
    ))();
const Role = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(100)))();

export const ContactCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: Name,
      email: z.optional(Email),
      phone: z.optional(Phone),
      role: z.optional(Role),
      decisionMaker: z._default(z.boolean(), false),
    })
    .check(z.meta({ id: 'ContactCreate' })))();
export type ContactCreate = z.infer<typeof ContactCreate>;

export const ContactPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      email: z.optional(
        z.nullable(
          Email.check(
            z.meta({
              description:
                'A new address moves its uniqueness claim with the contact, in one write; null removes it (and frees it).',
            }),
          ),
        ),
      ),
      phone: z.optional(z.nullable(Phone)),
      role: z.optional(z.nullable(Role)),
      decisionMaker: z.optional(z.boolean()),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({ id: 'ContactPatch', description: 'Fields to change; null removes an optional field.' }),
    ))();
export type ContactPatch = z.infer<typeof ContactPatch>;

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
      /** Addresses of contacts merged into this one: each still claimed by it, so mail from them finds it. */
      otherEmails: z.optional(z.array(z.string())),
      /** Set while the contact is being merged into that one; nothing new names it meanwhile. */
      mergingInto: z.optional(z.string()),
      /** How many other contacts are being merged into this one (it is not removed or merged away meanwhile). */
      incomingMerges: z.optional(z.int()),
      /** Set when the person's data was erased (POST /contacts/{id}/erase): the record stays, about nobody. */
      erasedAt: z.optional(z.string()),
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
/** A contact by its own id (`/contacts/{id}`), wherever its account is. */
export const ContactIdPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const ContactSearchQuery = /* @__PURE__ */ (() => z.strictObject({ email: Email }))();

export function newContact(accountId: string, input: ContactCreate, now: Date): Contact {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), accountId, ...input, createdAt: at, updatedAt: at, version: 1 };
}

export const toContact = (item: Record<string, unknown>) => recordOf<Contact>(item);
