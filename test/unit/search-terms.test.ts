// What search finds a record by: the words of its fields folded as German and Dutch users write them, phone
// numbers by their national digits in any format, every prefix of a word from two letters, and the ranking.
import { describe, expect, it } from 'vitest';
import {
  compareHits,
  documentOf,
  entriesOf,
  indexedWords,
  lookupOf,
  MAX_PREFIX,
  MAX_WORDS,
  MIN_PREFIX,
  matchOf,
  phoneDigits,
  queryWords,
  type SearchDocument,
  signatureChecks,
  wordsOf,
} from '../../functions/search/terms.ts';

const contact = (extra: Record<string, unknown> = {}) =>
  documentOf('contact', {
    id: 'c1',
    accountId: 'a1',
    name: 'Jürgen Müller',
    email: 'j.mueller@berger-consulting.de',
    phone: '030/1234567',
    role: 'Einkauf',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...extra,
  }) as SearchDocument;
const finds = (document: SearchDocument, q: string) => matchOf(document, queryWords(q)) !== undefined;

describe('search terms', () => {
  it('folds case, accents and the German and Dutch spellings alike in records and queries', () => {
    const muller = contact();
    for (const q of ['Müller', 'muller', 'MUELLER', 'mül', 'jurgen', 'Jürg', 'juergen']) {
      expect(finds(muller, q), q).toBe(true);
    }
    const street = documentOf('account', { id: 'a', name: 'Großhandel IJsselmeer B.V.' }) as SearchDocument;
    expect(finds(street, 'grosshandel')).toBe(true);
    expect(finds(street, 'ysselm')).toBe(true);
    expect(finds(street, 'IJssel')).toBe(true);
  });

  it("finds a contact by a prefix of the e-mail's local part or domain, and the phone in any format", () => {
    const muller = contact();
    expect(finds(muller, 'ber')).toBe(true);
    expect(finds(muller, 'berger-consulting')).toBe(true);
    expect(finds(muller, 'j.mueller')).toBe(true);
    for (const q of [
      '+49 30 1234',
      '030/1234',
      '0049 30 12345',
      '(030) 123-45',
      '3012345',
      '+49 (0)30 1234',
    ]) {
      expect(finds(muller, q), q).toBe(true);
    }
    expect(finds(muller, '+49 40 1234')).toBe(false);
    expect(finds(contact({ phone: '+49 (0)30 1234567' }), '030 1234')).toBe(true);
    expect(phoneDigits('+49 (0)30 1234567')).toBe('301234567');
    expect(phoneDigits('+31 20 555 0101')).toBe('205550101');
    expect(phoneDigits('+1 (212) 555-0101')).toBe('2125550101');
    expect(phoneDigits('020 5550101')).toBe('205550101');
  });

  it('takes digits typed without a country code as typed: a number with its 0 finds words and numbers alike', () => {
    expect(queryWords('0815')).toEqual(['0815']);
    expect(queryWords('007')).toEqual(['007']);
    expect(queryWords('0049')).toEqual(['0049']);
    const ticket = documentOf('ticket', {
      id: 't',
      accountId: 'a',
      problem: 'Fehler 0815 beim Export',
    }) as SearchDocument;
    expect(finds(ticket, '0815')).toBe(true);
    expect(finds(contact({ phone: '0815 4711' }), '0815')).toBe(true);
  });

  it('narrows with several words (every one must match) and names the field the first matched in', () => {
    const muller = contact();
    expect(matchOf(muller, queryWords('müller berger'))).toEqual({ field: 'name', exactWords: 2, rank: 0 });
    expect(matchOf(muller, queryWords('mül berg'))).toEqual({ field: 'name', exactWords: 0, rank: 0 });
    expect(matchOf(muller, queryWords('berger'))).toEqual({ field: 'email', exactWords: 1, rank: 1 });
    expect(finds(muller, 'müller schmidt')).toBe(false);
    expect(finds(muller, 'einkauf')).toBe(true);
  });

  it('finds deals by title, tickets by product and problem words, accounts by tags', () => {
    const deal = documentOf('deal', {
      id: 'd',
      accountId: 'a',
      title: 'Rahmenvertrag 2027',
      stage: 'proposal',
    });
    expect(matchOf(deal as SearchDocument, ['rahmen'])?.field).toBe('title');
    expect(deal?.facets).toEqual({ stage: 'proposal' });
    const ticket = documentOf('ticket', {
      id: 't',
      accountId: 'a',
      product: 'Router X200',
      problem: 'Verbindung bricht täglich ab',
      status: 'open',
      priority: 'high',
    }) as SearchDocument;
    expect(matchOf(ticket, ['x200'])?.field).toBe('product');
    expect(finds(ticket, 'taglich verbindung')).toBe(true);
    expect(ticket.facets).toEqual({ status: 'open', priority: 'high' });
    const account = documentOf('account', {
      id: 'a',
      name: 'Berger Consulting GmbH',
      tags: ['Premium-Partner'],
      relationship: 'client',
      audience: 'external',
      lifecycleStage: 'customer',
      ownerId: 'm1',
    }) as SearchDocument;
    expect(matchOf(account, ['premium'])?.field).toBe('tags');
    expect(account.facets).toEqual({
      relationship: 'client',
      audience: 'external',
      lifecycleStage: 'customer',
      ownerId: 'm1',
    });
  });

  it('finds an erased contact by nothing', () => {
    expect(
      documentOf('contact', { id: 'c', accountId: 'a', name: 'Erased contact', erasedAt: 'x' }),
    ).toBeUndefined();
  });

  it('indexes every prefix of two to twelve letters of at most sixteen words, each once at its best place', () => {
    const entries = entriesOf(contact());
    const prefixes = entries.map((entry) => entry.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes).toEqual(
      expect.arrayContaining(['mu', 'mul', 'mull', 'mulle', 'muller', 'be', 'berger']),
    );
    // Two to twelve letters, and a longer word whole.
    expect(
      entries.every(
        (entry) => entry.prefix.length >= MIN_PREFIX && (entry.prefix.length <= MAX_PREFIX || entry.exact),
      ),
    ).toBe(true);
    expect(prefixes).toContain('consulting');
    expect(entriesOf(contact({ name: 'Max Mustermannsdorfer' })).map((entry) => entry.prefix)).toEqual(
      expect.arrayContaining(['mustermannsd', 'mustermannsdorfer']),
    );
    expect(entries.find((entry) => entry.prefix === 'muller')).toEqual({
      prefix: 'muller',
      exact: true,
      rank: 0,
    });
    // "j" of j.mueller is too short to index; "mueller" of the address is the name's word, at the name's rank.
    expect(entries.find((entry) => entry.prefix === 'mull')).toEqual({
      prefix: 'mull',
      exact: false,
      rank: 0,
    });
    const long = documentOf('account', {
      id: 'a',
      name: Array.from({ length: 40 }, (_, index) => `wort${index}`).join(' '),
    }) as SearchDocument;
    expect(indexedWords(long)).toHaveLength(MAX_WORDS);
    expect(entriesOf(long).length).toBeLessThanOrEqual(MAX_WORDS * (MAX_PREFIX - MIN_PREFIX + 2));
  });

  it('looks a query up by its longest word, a long one whole first, then cut to what the index holds; one letter finds nothing', () => {
    expect(lookupOf(queryWords('anna b'))).toEqual({ word: 'anna', prefix: 'anna' });
    expect(lookupOf(queryWords('Konstantinopel'))).toEqual({
      word: 'konstantinopel',
      whole: 'konstantinopel',
      prefix: 'konstantinop',
    });
    expect(lookupOf(queryWords('a'))).toBeUndefined();
    expect(queryWords('  ')).toEqual([]);
  });

  it('indexes a word longer than the prefixes whole too, so it ranks as a whole word', () => {
    const entries = entriesOf(contact({ name: 'Max Mustermannsdorf' }));
    expect(entries.find((entry) => entry.prefix === 'mustermannsdorf')).toEqual({
      prefix: 'mustermannsdorf',
      exact: true,
      rank: 0,
    });
    expect(entries.find((entry) => entry.prefix === 'mustermannsd')).toEqual({
      prefix: 'mustermannsd',
      exact: false,
      rank: 0,
    });
  });

  it('cuts a pasted run of letters to 40, as indexed and as typed, and checks at most 8 other words', () => {
    const token = 'ab'.repeat(1_500);
    expect(wordsOf(`Fehler ${token}`)).toEqual(['fehler', token.slice(0, 40)]);
    const ticket = documentOf('account', { id: 'a', name: `Fehler ${token}` }) as SearchDocument;
    expect(Math.max(...entriesOf(ticket).map((entry) => entry.prefix.length))).toBe(40);
    expect(finds(ticket, token.slice(0, 60))).toBe(true);
    const many = queryWords(Array.from({ length: 60 }, (_, index) => `w${index}`).join(' '));
    expect(signatureChecks(many, many[0] as string)).toHaveLength(8);
  });

  it('matches one-letter words of a record, which are too short to index, as typed', () => {
    const shop = documentOf('account', { id: 'a', name: 'Aurora Studios S.L.' }) as SearchDocument;
    expect(finds(shop, 'aurora s l')).toBe(true);
    expect(finds(shop, 'aurora x')).toBe(false);
  });

  it('drops invisible format characters and never cuts a character in two', () => {
    const shy = documentOf('account', { id: 'a', name: 'Ber\u00adger Con\u200dsulting' }) as SearchDocument;
    expect(finds(shy, 'berger consulting')).toBe(true);
    const astral = documentOf('account', { id: 'b', name: '𝒜𝒷𝒸𝒹𝑒𝒻𝑔𝒽𝒾𝒿' }) as SearchDocument;
    for (const entry of entriesOf(astral)) {
      expect(entry.prefix, entry.prefix).toBe(entry.prefix.normalize());
      expect(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(entry.prefix),
      ).toBe(false);
    }
  });

  it('ranks whole words first, then the name before other fields, then the most recent activity', () => {
    const hit = (document: SearchDocument, q: string) => {
      const match = matchOf(document, queryWords(q));
      if (match === undefined) throw new Error(`${document.id} does not match ${q}`);
      return { document, match };
    };
    const berger = documentOf('account', {
      id: 'b',
      name: 'Berger',
      updatedAt: '2026-01-01',
    }) as SearchDocument;
    const bergmann = documentOf('account', {
      id: 'g',
      name: 'Bergmann',
      updatedAt: '2026-12-01',
    }) as SearchDocument;
    const byMail = contact({ id: 'm', name: 'Anna Schmidt', updatedAt: '2026-12-01' });
    const newer = documentOf('account', {
      id: 'n',
      name: 'Berger',
      updatedAt: '2026-06-01',
    }) as SearchDocument;
    const order = (...hits: ReturnType<typeof hit>[]) =>
      hits.sort(compareHits).map((entry) => entry.document.id);
    // Two prefix matches in names: the newer first. A whole word before a longer one, whatever the activity.
    expect(order(hit(berger, 'berg'), hit(bergmann, 'berg'))).toEqual(['g', 'b']);
    expect(
      order(
        hit(documentOf('account', { id: 'x', name: 'Bergmann' }) as SearchDocument, 'berg'),
        hit(documentOf('account', { id: 'y', name: 'Berg' }) as SearchDocument, 'berg'),
      ),
    ).toEqual(['y', 'x']);
    // Among whole words: the name before the e-mail, then the newer.
    expect(order(hit(byMail, 'berger'), hit(berger, 'berger'), hit(newer, 'berger'))).toEqual([
      'n',
      'b',
      'm',
    ]);
  });
});
