// A person's data: what is held about a contact (exported as one document), and how each record is erased —
// its free texts replaced, and every other text that names the person (their name, an address, a phone number)
// too. Pure; the reading and writing is person-store.ts.
import * as z from '../platform/zod.ts';

export const ERASED = 'Erased';

/** What names the person: their name, each address and phone number, as found in the records (any case). */
export function personalTerms(contact: {
  readonly name: string;
  readonly email?: string | undefined;
  readonly otherEmails?: readonly string[] | undefined;
  readonly phone?: string | undefined;
}): string[] {
  const terms = [
    contact.name,
    ...(contact.email === undefined ? [] : [contact.email]),
    ...(contact.otherEmails ?? []),
    ...(contact.phone === undefined ? [] : [contact.phone, contact.phone.replace(/\D/g, '')]),
  ];
  return [...new Set(terms.map((term) => term.trim().toLowerCase()).filter((term) => term.length >= 3))];
}

/** Whether a text names the person. */
export const names = (text: string, terms: readonly string[]) => {
  const lower = text.toLowerCase();
  return terms.some((term) => lower.includes(term));
};

/** Every text in a value that names the person, replaced (keys and other values kept). */
export function scrubbed(value: unknown, terms: readonly string[]): unknown {
  if (typeof value === 'string') return names(value, terms) ? ERASED : value;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, terms));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, terms)]));
  }
  return value;
}

/** Whether any text in a value names the person. */
export const mentions = (value: unknown, terms: readonly string[]) =>
  JSON.stringify(scrubbed(value, terms)) !== JSON.stringify(value);

/** The free texts of each record type: erased whatever they say (they were written about, or by, the person). */
const FREE_TEXTS: Readonly<Record<string, (item: Record<string, unknown>) => Record<string, unknown>>> = {
  Interaction: ({ body: _body, ...item }) => ({ ...item, subject: ERASED }),
  Ticket: (item) => ({
    ...item,
    problem: ERASED,
    ...(isObject(item.survey) ? { survey: withoutKey(item.survey, 'comment') } : {}),
  }),
  Survey: (item) => withoutKey(item, 'comment'),
  SurveyEntry: (item) => withoutKey(item, 'comment'),
  Task: (item) => ({
    ...item,
    title: ERASED,
    checklist: Array.isArray(item.checklist)
      ? item.checklist.map((entry) => (isObject(entry) ? { ...entry, text: ERASED } : entry))
      : [],
  }),
  Submission: (item) => ({
    ...item,
    values: isObject(item.values)
      ? Object.fromEntries(Object.keys(item.values).map((key) => [key, ERASED]))
      : {},
  }),
  Mail: (item) => ({ ...item, to: 'erased@invalid', subject: ERASED, text: ERASED }),
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const withoutKey = (item: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => name !== key));

/** Storage attributes a scrub leaves alone (keys and index keys hold ids, never the person's texts). */
const KEY_ATTRIBUTE = /^(pk|sk|type|gsi\d+(pk|sk))$/;

/** A stored item as erased: its free texts replaced, and any other text naming the person. */
export function erasedItem(item: Record<string, unknown>, terms: readonly string[]): Record<string, unknown> {
  const freed = FREE_TEXTS[String(item.type)]?.(item) ?? item;
  return Object.fromEntries(
    Object.entries(freed).map(([key, value]) => [
      key,
      KEY_ATTRIBUTE.test(key) ? value : scrubbed(value, terms),
    ]),
  );
}

/** The contact as erased: a name that says so, and nothing else about the person. */
export function erasedContact<C extends { readonly name: string }>(contact: C, at: string) {
  const {
    email: _email,
    phone: _phone,
    role: _role,
    otherEmails: _others,
    ...kept
  } = contact as C & { email?: unknown; phone?: unknown; role?: unknown; otherEmails?: unknown };
  return { ...kept, name: 'Erased contact', erasedAt: at };
}

export const Erasure = /* @__PURE__ */ (() =>
  z
    .object({
      /** The erased contact's id (nothing else about the person is kept). */
      id: z.string(),
      contactId: z.string(),
      accountId: z.string(),
      erasedAt: z.string(),
      /** Who asked for it: a member's id. */
      erasedBy: z.optional(z.string()),
      /** How many records were erased, by type; how many history entries removed. */
      records: z.record(z.string(), z.int()),
      historyRemoved: z.int(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Erasure' })))();
export type Erasure = z.infer<typeof Erasure>;

export const PersonExport = /* @__PURE__ */ (() =>
  z
    .object({
      exportedAt: z.string(),
      contact: z.record(z.string(), z.unknown()),
      account: z.object({ id: z.string(), name: z.string() }),
      interactions: z.array(z.record(z.string(), z.unknown())),
      tickets: z.array(z.record(z.string(), z.unknown())),
      surveys: z.array(z.record(z.string(), z.unknown())),
      tasks: z.array(z.record(z.string(), z.unknown())),
      submissions: z.array(z.record(z.string(), z.unknown())),
      mails: z.array(z.record(z.string(), z.unknown())),
      history: z.array(z.record(z.string(), z.unknown())),
    })
    .check(z.meta({ id: 'PersonExport' })))();
