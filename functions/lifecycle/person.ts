// A person's data: what is held about a contact (exported as one document), and how each record is erased —
// its free texts replaced, and every other text that names the person (their name, an address, a phone number)
// too. Pure; the reading and writing is person-store.ts.
import * as z from '../platform/zod.ts';

export const ERASED = 'Erased';

/**
 * What names the person: their full name, each address, their phone number as written and as its digits — each
 * long enough to say who it is (a name of 3 characters, an address, a phone of 6 digits or more).
 */
export function personalTerms(contact: {
  readonly name: string;
  readonly email?: string | undefined;
  readonly otherEmails?: readonly string[] | undefined;
  readonly phone?: string | undefined;
}): string[] {
  const digits = contact.phone?.replace(/\D/g, '') ?? '';
  const terms = [
    ...(contact.name.trim().length >= 3 ? [contact.name] : []),
    ...(contact.email === undefined ? [] : [contact.email]),
    ...(contact.otherEmails ?? []),
    ...(digits.length >= 6 && contact.phone !== undefined ? [contact.phone, digits] : []),
  ];
  return [...new Set(terms.map((term) => term.trim().toLowerCase()).filter((term) => term.length >= 3))];
}

const escaped = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each term as a whole word (or address, or number): "Ann" is not in "Annual", "ann@x.de" not in "jo.ann@x.de". */
const patterns = new Map<string, RegExp>();
const patternOf = (term: string) => {
  let pattern = patterns.get(term);
  if (pattern === undefined) {
    // A number stands alone (a + may lead it); a name or an address is no part of another word or address
    // (jo.ann@x.de holds neither "ann" nor ann@x.de).
    const digits = /^\d+$/.test(term);
    const before = digits ? '[\\p{L}\\p{N}]' : '[\\p{L}\\p{N}._%+@-]';
    const after = digits ? '[\\p{L}\\p{N}]' : '[\\p{L}\\p{N}@]';
    pattern = new RegExp(`(?<!${before})${escaped(term)}(?!${after})`, 'iu');
    patterns.set(term, pattern);
  }
  return pattern;
};

/** Whether a text names the person. */
export const names = (text: string, terms: readonly string[]) =>
  terms.some((term) => patternOf(term).test(text));

/** Fields that hold ids, times, states and counts, never what someone wrote: a scrub leaves them alone. */
const NOT_TEXT =
  /^(id|pk|sk|type|version|status|state|kind|channel|direction|category|priority|currency|audience|relationship|lifecycleStage|stage|expiresAt|gsi\d+(pk|sk)|.*Id|.*At|.*Ids)$/;

/** Every text in a value that names the person, replaced (ids, times and states kept; JSON held in a text too). */
export function scrubbed(value: unknown, terms: readonly string[]): unknown {
  if (typeof value === 'string') {
    if (!names(value, terms)) return value;
    const json = parsedJson(value);
    return json === undefined ? ERASED : JSON.stringify(scrubbed(json, terms));
  }
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, terms));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, NOT_TEXT.test(key) ? item : scrubbed(item, terms)]),
    );
  }
  return value;
}

function parsedJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
  // A survey carries its ticket's problem too.
  Survey: (item) => ({ ...withoutKey(item, 'comment'), ...('problem' in item ? { problem: ERASED } : {}) }),
  SurveyEntry: (item) => ({
    ...withoutKey(item, 'comment'),
    ...('problem' in item ? { problem: ERASED } : {}),
  }),
  // A task's due record carries its title.
  TaskDue: (item) => ({ ...item, ...('title' in item ? { title: ERASED } : {}) }),
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

/** A stored item as erased: its free texts replaced, and any other text naming the person. */
export function erasedItem(item: Record<string, unknown>, terms: readonly string[]): Record<string, unknown> {
  const freed = FREE_TEXTS[String(item.type)]?.(item) ?? item;
  return scrubbed(freed, terms) as Record<string, unknown>;
}

/**
 * An idempotency claim as erased (platform/store.ts, createOnce): the record it holds erased as a record of its
 * type is — the person's contact about nobody, any other record's free texts replaced — and no fingerprint of
 * the request kept. Erased again (another person named in it), it is erased again.
 */
export function erasedClaim(
  claim: Record<string, unknown>,
  terms: readonly string[],
  at: string,
  /** The record it holds is the person (the contact erased, or one merged into it): about nobody after. */
  person: boolean,
): Record<string, unknown> {
  const { requestHash: _hash, record, ...kept } = claim;
  const held = isObject(record) ? record : {};
  const type = String(claim.recordType ?? '');
  // Erased before: it keeps that time.
  const when = typeof claim.erasedAt === 'string' ? claim.erasedAt : at;
  const erased = person
    ? erasedContact({ name: '', ...held }, typeof held.erasedAt === 'string' ? held.erasedAt : when)
    : withoutKey(FREE_TEXTS[type]?.({ ...held, type }) ?? held, 'type');
  return { ...kept, record: scrubbed(erased, terms), erasedAt: when };
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
      other: z.array(z.record(z.string(), z.unknown())),
      history: z.array(z.record(z.string(), z.unknown())),
    })
    .check(z.meta({ id: 'PersonExport' })))();
