// Likely duplicates: what makes two accounts or two contacts look like one. Each record is reduced to match keys —
// an account to its normalised name and its contacts' company e-mail domains, a contact to its normalised name,
// its phone's digits and its mailbox (the e-mail's local part) — and records sharing a key are candidates.
// Pure: the keys are kept from the stream and read through an index (match-store.ts).
import { companyDomainOf } from '../forms/index.ts';
import { fold } from '../platform/fold.ts';
import * as z from '../platform/zod.ts';

export { fold };

/** Words of a company name that say its legal form, not who it is. */
const LEGAL_FORMS = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'kgaa',
  'ohg',
  'ug',
  'gbr',
  'ev',
  'se',
  'co',
  'und',
  'and',
  'inc',
  'llc',
  'ltd',
  'limited',
  'plc',
  'corp',
  'corporation',
  'company',
  'bv',
  'nv',
  'vof',
  'sa',
  'sarl',
  'srl',
  'spa',
  'haftungsbeschrankt',
]);

const words = (text: string) =>
  fold(text)
    .replace(/\./g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/** A company's name as a key: folded, punctuation and its legal form dropped ("Berger Consulting GmbH & Co. KG"). */
export function companyNameKey(name: string): string | undefined {
  const kept = words(name).filter((word) => !LEGAL_FORMS.has(word));
  const key = kept.join(' ');
  return key.length >= 2 ? key : undefined;
}

/** A person's name as a key: folded, its words in order (so "Berger, Anna" = "Anna Berger"). */
export function personNameKey(name: string): string | undefined {
  const key = words(name).sort().join(' ');
  return key.length >= 3 ? key : undefined;
}

/** A phone number as a key: its last 9 digits, whatever the format (+49 30 1234567 = 030/1234567). */
export function phoneKey(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return undefined;
  return digits.slice(-9);
}

/** Mailboxes that name a function, not a person: no match on them. */
const ROLE_MAILBOXES = new Set([
  'info',
  'office',
  'mail',
  'contact',
  'kontakt',
  'hello',
  'hallo',
  'sales',
  'vertrieb',
  'support',
  'service',
  'admin',
  'team',
  'buero',
  'noreply',
  'no-reply',
]);

/** An address's local part as a key (dots, dashes and underscores ignored), unless it names a function. */
export function mailboxKey(email: string): string | undefined {
  const local = email.split('@')[0] ?? '';
  if (ROLE_MAILBOXES.has(local.toLowerCase())) return undefined;
  const key = fold(local).replace(/[._+-]/g, '');
  return key.length >= 4 ? key : undefined;
}

export const MATCH_KINDS = ['name', 'domain', 'phone', 'mailbox'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/** Whose duplicates a key finds: accounts (by name and domain) or contacts (by name, phone, mailbox). */
export type MatchScope = 'ACCOUNT' | 'CONTACT';

export interface MatchKey {
  readonly scope: MatchScope;
  readonly kind: MatchKind;
  readonly value: string;
}

/** How much a shared key says: the ranking adds these up. */
export const MATCH_WEIGHTS: Readonly<Record<MatchScope, Partial<Record<MatchKind, number>>>> = {
  ACCOUNT: { name: 3, domain: 2 },
  CONTACT: { phone: 3, mailbox: 2, name: 2 },
};

/** A key's value stays well inside a table key's size, whatever a name folds out to. */
const MAX_VALUE = 200;

const keyOf = (scope: MatchScope, kind: MatchKind, value: string | undefined): MatchKey[] =>
  value === undefined ? [] : [{ scope, kind, value: value.slice(0, MAX_VALUE) }];

export const accountMatchKeys = (account: { readonly name: string }): MatchKey[] =>
  keyOf('ACCOUNT', 'name', companyNameKey(account.name));

/** A contact's keys: its own, and its company domains' (the account's: a contact brings its company's domain). */
export function contactMatchKeys(contact: {
  readonly name: string;
  readonly email?: string | undefined;
  readonly otherEmails?: readonly string[] | undefined;
  readonly phone?: string | undefined;
}): MatchKey[] {
  const addresses = [...(contact.email === undefined ? [] : [contact.email]), ...(contact.otherEmails ?? [])];
  const unique = (keys: MatchKey[]) => [
    ...new Map(keys.map((key) => [`${key.kind}#${key.value}`, key])).values(),
  ];
  return unique([
    ...keyOf('CONTACT', 'name', personNameKey(contact.name)),
    ...keyOf('CONTACT', 'phone', contact.phone === undefined ? undefined : phoneKey(contact.phone)),
    ...addresses.flatMap((address) => keyOf('CONTACT', 'mailbox', mailboxKey(address))),
    ...addresses.flatMap((address) => keyOf('ACCOUNT', 'domain', companyDomainOf(address))),
  ]);
}

/** The fields a change must touch for a record's keys to change. */
export const MATCHED_FIELDS = {
  Account: ['name'],
  Contact: ['name', 'email', 'otherEmails', 'phone'],
} as const;

export const DuplicatesQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 10),
  }))();

export const duplicates = <S extends z.ZodMiniType>(record: S, id: string) =>
  z
    .object({
      items: z.array(
        z.object({
          /** The sum of the shared keys' weights: name 3 and domain 2 for accounts; phone 3, mailbox 2, name 2 for contacts. */
          score: z.int(),
          /** The keys it shares with the record asked about, e.g. ["name", "domain"]. */
          matchedOn: z.array(z.enum(MATCH_KINDS)),
          record,
        }),
      ),
    })
    .check(z.meta({ id }));
