// Contact: a person at an account. E-mail addresses are unique across the CRM after normalisation.
import { ulid } from 'ulid';
import * as z from 'zod';
import { Id } from './account.ts';
import { withoutStorageAttributes } from './keys.ts';

/** Case and surrounding space do not make another address. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Must be an e-mail address.' }))
  .transform(normaliseEmail);

export const ContactCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    email: Email.optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{3,32}$/, 'Must be a phone number (digits, spaces, + ( ) . / -).')
      .optional(),
    role: z.string().trim().min(1).max(100).optional(),
    decisionMaker: z.boolean().default(false),
  })
  .meta({ id: 'ContactCreate' });
export type ContactCreate = z.infer<typeof ContactCreate>;

export const Contact = z
  .object({
    id: Id,
    accountId: Id,
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    role: z.string().optional(),
    decisionMaker: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

export const ContactListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export const ContactSearchQuery = z.strictObject({ email: Email });

export function newContact(accountId: string, input: ContactCreate, now: Date): Contact {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), accountId, ...input, createdAt: at, updatedAt: at, version: 1 };
}

export const toContact = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Contact;
