// What search finds a record by, and in what order: each account, contact, deal and ticket reduced to a search
// document — its display name, the words of its searchable fields (folded the way German and Dutch users write:
// Müller = Muller = Mueller, ß = ss, ij = y), each field ranked — and to the index entries that find it by any
// prefix of those words. A query is reduced the same way. Pure: the index is kept from the stream and read by
// Query (search-store.ts); a deployment that outgrows it feeds the same documents to a search engine instead.
import { fold } from '../platform/fold.ts';

export const SEARCH_TYPES = ['account', 'contact', 'deal', 'ticket'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** A field's place in the ranking: the record's name first, then how to reach them, then any other word. */
export const FIELD_RANKS = { name: 0, contact: 1, other: 2 } as const;
export type FieldRank = (typeof FIELD_RANKS)[keyof typeof FIELD_RANKS];

export interface SearchField {
  /** The record's field the words are of (`name`, `email`, `phone`, `title`, `problem`, …): a hit says it. */
  readonly field: string;
  readonly rank: FieldRank;
  readonly words: readonly string[];
}

export interface SearchDocument {
  readonly type: SearchType;
  readonly id: string;
  /** The account it is of (an account's own id): what visibility and the result line are checked against. */
  readonly accountId: string;
  /** What a result line shows first. */
  readonly name: string;
  readonly fields: readonly SearchField[];
  /** The record's latest change: more recent ranks first among equals. */
  readonly activityAt: string;
  /** What the filters narrow by: relationship, audience, ownerId, lifecycleStage, stage, status. */
  readonly facets: Readonly<Record<string, string>>;
}

/**
 * The shortest prefix the index holds (one letter finds too much to be of use), and the longest: a longer word
 * is found by its first twelve letters, and as a whole by an entry of its own (so it ranks as a whole word).
 * Twelve holds most names whole (German compounds, Dutch surnames), so a name typed out reads only the entries
 * of the words it begins, not those of every word sharing its first letters.
 */
export const MIN_PREFIX = 2;
export const MAX_PREFIX = 12;

/** Letters, not UTF-16 units: a prefix never cuts a character in two. */
const lettersOf = (word: string) => Array.from(word);
/** At most so many distinct words of one record are indexed (by rank: the name's first). */
export const MAX_WORDS = 16;

/** The words of a text, folded: letters and digits, anything else separates. */
export const wordsOf = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    // Cut, as typed and as indexed alike: no key of the index outgrows what DynamoDB takes (2,048 bytes).
    .map((word) =>
      word.length > MAX_WORD_LETTERS ? lettersOf(word).slice(0, MAX_WORD_LETTERS).join('') : word,
    );

/** The most letters of a word the index holds and a query looks up (a longer one is cut: a pasted token, say). */
const MAX_WORD_LETTERS = 40;

/** Country calling codes a number written internationally may start with (the longest match is taken). */
const COUNTRY_CODES = new Set(
  '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 54 55 61 64 65 81 82 86 90 91 351 352 353 354 356 357 358 359 370 371 372 380 385 386 420 421 423 971 972'.split(
    ' ',
  ),
);

/**
 * A phone number as the digits of its national number, however written: +49 30 1234567, +49 (0)30 1234567,
 * 0049 30 1234567 and 030/1234567 are all 301234567 (the trunk 0 dropped).
 */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^\s*(\+|00)/.test(phone)) {
    const international = digits.replace(/^00/, '');
    for (const length of [3, 2, 1]) {
      if (COUNTRY_CODES.has(international.slice(0, length)))
        return international.slice(length).replace(/^0+/, '');
    }
    return international;
  }
  return digits.replace(/^0+/, '');
}

/**
 * The words a phone number is found by: its national digits, and the number as dialled at home, with the trunk
 * 0 — so a prefix typed internationally, nationally or without the 0 finds it.
 */
export function phoneWords(phone: string): string[] {
  const national = phoneDigits(phone);
  return national.length < MIN_PREFIX ? [] : [national, `0${national}`];
}

const PHONE_LIKE = /^\s*[+(]?\d[\d\s/().-]*$/;

/**
 * A search query: its words, folded. A query that looks like a phone number is one word: written
 * internationally (+49…, 0049…), its national digits; otherwise its digits as typed (0815 finds 0815).
 */
export function queryWords(q: string): string[] {
  const digits = q.replace(/\D/g, '');
  if (PHONE_LIKE.test(q) && digits.length >= 3) {
    const national = /^\s*(\+|00)/.test(q) ? phoneDigits(q) : digits;
    // Too few national digits yet (+49 3, typing on): the digits as typed, found by nothing rather than refused.
    return [national.length >= MIN_PREFIX ? national : digits];
  }
  return [...new Set(wordsOf(q))];
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const field = (name: string, rank: FieldRank, ...texts: (string | undefined)[]): SearchField[] => {
  const words = [...new Set(texts.flatMap((value) => (value === undefined ? [] : wordsOf(value))))];
  return words.length === 0 ? [] : [{ field: name, rank, words }];
};
const emailFields = (emails: readonly (string | undefined)[]) =>
  field('email', FIELD_RANKS.contact, ...emails.map((email) => email?.replace('@', ' ')));
const facets = (record: Record<string, unknown>, ...names: string[]) =>
  Object.fromEntries(
    names.flatMap((name) => (typeof record[name] === 'string' ? [[name, record[name]]] : [])),
  );
const activity = (record: Record<string, unknown>) =>
  text(record.updatedAt) ?? text(record.createdAt) ?? '1970-01-01T00:00:00.000Z';

/** A record as search finds it; undefined for one that is not found (an erased contact). */
export function documentOf(type: SearchType, record: Record<string, unknown>): SearchDocument | undefined {
  const id = String(record.id);
  const tags = Array.isArray(record.tags) ? record.tags.filter((tag) => typeof tag === 'string') : [];
  switch (type) {
    case 'account':
      return {
        type,
        id,
        accountId: id,
        name: String(record.name),
        fields: [
          ...field('name', FIELD_RANKS.name, text(record.name)),
          ...field('tags', FIELD_RANKS.other, ...tags),
        ],
        activityAt: activity(record),
        facets: facets(record, 'relationship', 'audience', 'ownerId', 'lifecycleStage'),
      };
    case 'contact': {
      if (text(record.erasedAt) !== undefined) return undefined;
      const others = Array.isArray(record.otherEmails) ? record.otherEmails.map(text) : [];
      const phone = text(record.phone);
      return {
        type,
        id,
        accountId: String(record.accountId),
        name: String(record.name),
        fields: [
          ...field('name', FIELD_RANKS.name, text(record.name)),
          ...emailFields([text(record.email), ...others]),
          ...(phone === undefined || phoneWords(phone).length === 0
            ? []
            : [{ field: 'phone', rank: FIELD_RANKS.contact, words: phoneWords(phone) }]),
          ...field('role', FIELD_RANKS.other, text(record.role)),
        ],
        activityAt: activity(record),
        facets: {},
      };
    }
    case 'deal':
      return {
        type,
        id,
        accountId: String(record.accountId),
        name: String(record.title),
        fields: [...field('title', FIELD_RANKS.name, text(record.title))],
        activityAt: activity(record),
        facets: facets(record, 'ownerId', 'stage'),
      };
    case 'ticket':
      return {
        type,
        id,
        accountId: String(record.accountId),
        name: String(record.problem).slice(0, 120),
        fields: [
          ...field('product', FIELD_RANKS.other, text(record.product)),
          ...field('problem', FIELD_RANKS.other, text(record.problem)),
        ],
        activityAt: activity(record),
        facets: facets(record, 'status', 'priority'),
      };
  }
}

/** One index entry: a prefix of one of the document's words, and where the document ranks under it. */
export interface SearchEntry {
  readonly prefix: string;
  /** The prefix is the whole word (an exact match ranks before a prefix match). */
  readonly exact: boolean;
  readonly rank: FieldRank;
}

/** The words indexed, each with its best rank: the name's first, at most MAX_WORDS. */
export function indexedWords(document: SearchDocument): { word: string; rank: FieldRank }[] {
  const best = new Map<string, FieldRank>();
  for (const { rank, words } of [...document.fields].sort((a, b) => a.rank - b.rank)) {
    for (const word of words) {
      if (lettersOf(word).length >= MIN_PREFIX && !best.has(word)) best.set(word, rank);
    }
  }
  return [...best].slice(0, MAX_WORDS).map(([word, rank]) => ({ word, rank }));
}

/**
 * The entries that find a document: every prefix of MIN_PREFIX to MAX_PREFIX letters of each indexed word, each
 * once with its best placing (whole word, then field rank), and a longer word whole. At most
 * MAX_WORDS × (MAX_PREFIX − MIN_PREFIX + 2).
 */
export function entriesOf(document: SearchDocument): SearchEntry[] {
  const entries = new Map<string, SearchEntry>();
  for (const { word, rank } of indexedWords(document)) {
    const letters = lettersOf(word);
    const lengths = Array.from(
      { length: Math.min(letters.length, MAX_PREFIX) - MIN_PREFIX + 1 },
      (_, index) => MIN_PREFIX + index,
    );
    for (const length of letters.length > MAX_PREFIX ? [...lengths, letters.length] : lengths) {
      const prefix = letters.slice(0, length).join('');
      const entry = { prefix, exact: length === letters.length, rank };
      const held = entries.get(prefix);
      if (held === undefined || placing(entry) < placing(held)) entries.set(prefix, entry);
    }
  }
  return [...entries.values()];
}

const placing = (entry: { readonly exact: boolean; readonly rank: FieldRank }) =>
  (entry.exact ? 0 : 10) + entry.rank;

/** How a document answers a query: undefined unless every word is a prefix of one of its words. */
export interface SearchMatch {
  /** The field the first word matched best in. */
  readonly field: string;
  /** How many of the query's words are whole words of the document. */
  readonly exactWords: number;
  readonly rank: FieldRank;
}

export function matchOf(document: SearchDocument, words: readonly string[]): SearchMatch | undefined {
  // A document holds the words it is indexed (and signed) by, the same whichever way it is looked up.
  const indexed = new Set(indexedWords(document).map((entry) => entry.word));
  let exactWords = 0;
  let first: { field: string; rank: FieldRank; exact: boolean } | undefined;
  for (const [index, word] of words.entries()) {
    let best: { field: string; rank: FieldRank; exact: boolean } | undefined;
    for (const candidate of document.fields) {
      for (const held of candidate.words) {
        // (A one-letter word, "S.L.", is never indexed, but a query may type it.)
        if (!held.startsWith(word) || !(indexed.has(held) || lettersOf(held).length < MIN_PREFIX)) continue;
        const found = { field: candidate.field, rank: candidate.rank, exact: held === word };
        if (best === undefined || placing(found) < placing(best)) best = found;
      }
    }
    if (best === undefined) return undefined;
    if (best.exact) exactWords++;
    if (index === 0) first = best;
  }
  return first === undefined ? undefined : { field: first.field, exactWords, rank: first.rank };
}

/**
 * The order of hits: more of the query's words matched whole first ("berger" before "bergmann" for "berger"),
 * then the field the first word matched in (name, then e-mail and phone, then anything else), then the most
 * recent activity, then the id (so a page's order is stable).
 */
export function compareHits(
  a: { readonly match: SearchMatch; readonly document: SearchDocument },
  b: { readonly match: SearchMatch; readonly document: SearchDocument },
): number {
  return (
    b.match.exactWords - a.match.exactWords ||
    a.match.rank - b.match.rank ||
    (a.document.activityAt < b.document.activityAt
      ? 1
      : a.document.activityAt > b.document.activityAt
        ? -1
        : 0) ||
    (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0)
  );
}

/** Where a query may be looked up by one of its words: its whole-word entries, then its prefix entries. */
export interface Lookup {
  readonly word: string;
  /** The word whole, when it is longer than the index's prefixes. */
  readonly whole?: string;
  /** The word cut to what the index holds. */
  readonly prefix: string;
}

/**
 * The words a query may be looked up by, longest (the most telling) first: each of two letters or more — its
 * whole-word entries first when it is longer than the index's prefixes, then its prefix entries.
 */
export function lookupsOf(words: readonly string[]): Lookup[] {
  const distinct = [...new Set(words)].filter((word) => lettersOf(word).length >= MIN_PREFIX);
  return distinct
    .sort((a, b) => lettersOf(b).length - lettersOf(a).length)
    .map((word) => {
      const letters = lettersOf(word);
      const prefix = letters.slice(0, MAX_PREFIX).join('');
      return letters.length > MAX_PREFIX ? { word, whole: word, prefix } : { word, prefix };
    });
}

/** The word a query is looked up by first (none: no word of two letters or more). */
export const lookupOf = (words: readonly string[]): Lookup | undefined => lookupsOf(words)[0];

/**
 * A document's signature, carried by each of its entries: its indexed words, each after a space
 * (" berger consulting gmbh"). A query of several words reads the entries of one and lets DynamoDB drop, by a
 * filter, those whose document has no word starting with each of the others (` ${word}` a substring of the
 * signature) — before any document is read, and exactly as matchOf would.
 */
export function signatureOf(document: SearchDocument): string {
  return [...new Set(indexedWords(document).map(({ word }) => word))]
    .sort()
    .map((word) => ` ${word}`)
    .join('');
}

/** At most so many of a query's other words are checked by DynamoDB's filter. */
const MAX_CHECKS = 8;

/** How many letters of a word an earlier layout's signature (a set of each word's first 2 and 3) holds. */
const LEGACY_SIGNATURE_LETTERS = 3;

/**
 * What the query's words besides the one looked up must find in an entry's signature: ` ${word}` in it, or in
 * an entry of the earlier layout (a string set), the word's first letters as an element.
 */
export function signatureChecks(
  words: readonly string[],
  lookedUp: string,
): { readonly word: string; readonly legacy: string }[] {
  // The longest few (DynamoDB's expression has a size limit); matchOf checks every word of what passes.
  const others = [...new Set(words.filter((word) => word !== lookedUp))]
    .filter((word) => lettersOf(word).length >= MIN_PREFIX)
    .sort((a, b) => lettersOf(b).length - lettersOf(a).length)
    .slice(0, MAX_CHECKS);
  return others.map((word) => ({
    word: ` ${word}`,
    legacy: lettersOf(word).slice(0, LEGACY_SIGNATURE_LETTERS).join(''),
  }));
}

/** Whether a document's entries hold `word` whole (it is found by the word's whole-word entries). */
export const holdsWhole = (document: SearchDocument, word: string) =>
  indexedWords(document).some((indexed) => indexed.word === word);
