// What makes two records look like one: the folding and the keys, case by case.
import { describe, expect, it } from 'vitest';
import {
  companyNameKey,
  contactMatchKeys,
  fold,
  mailboxKey,
  personNameKey,
  phoneKey,
} from '../../functions/lifecycle/matching.ts';

describe('match keys', () => {
  it('folds case, accents and the German and Dutch spellings users treat as one', () => {
    expect(fold('Müller')).toBe(fold('Muller'));
    expect(fold('Müller')).toBe(fold('Mueller'));
    expect(fold('Straße')).toBe(fold('Strasse'));
    expect(fold('IJsselmeer')).toBe(fold('Ysselmeer'));
    expect(fold('Ørsted')).toBe(fold('Orsted'));
  });

  it('keys a company by its name without its legal form or punctuation', () => {
    expect(companyNameKey('Berger Consulting GmbH & Co. KG')).toBe('berger consulting');
    expect(companyNameKey('berger consulting')).toBe('berger consulting');
    expect(companyNameKey('Jansen B.V.')).toBe(companyNameKey('Jansen'));
    expect(companyNameKey('GmbH')).toBeUndefined();
  });

  it('keys a person by the words of their name in any order, a phone by its last nine digits', () => {
    expect(personNameKey('Berger, Anna')).toBe(personNameKey('anna BERGER'));
    expect(personNameKey('Al')).toBeUndefined();
    expect(phoneKey('+49 30 1234567')).toBe(phoneKey('030/1234567'));
    expect(phoneKey('0049 (30) 123-45-67')).toBe(phoneKey('+49 30 1234567'));
    expect(phoneKey('123')).toBeUndefined();
  });

  it('keys a mailbox without its dots, unless it names a function', () => {
    expect(mailboxKey('max.mustermann@a.de')).toBe(mailboxKey('maxmustermann@b.de'));
    expect(mailboxKey('info@a.de')).toBeUndefined();
    expect(mailboxKey('Sales@a.de')).toBeUndefined();
  });

  it("gives a contact its company domains for its account's matches, none for free mail", () => {
    const keys = contactMatchKeys({
      name: 'Max Muster',
      email: 'max@berger-consulting.de',
      otherEmails: ['max.muster@gmail.com'],
    });
    expect(keys.filter((key) => key.kind === 'domain')).toEqual([
      { scope: 'ACCOUNT', kind: 'domain', value: 'berger-consulting.de' },
    ]);
    // "max" is too short to say who it is.
    expect(keys.filter((key) => key.kind === 'mailbox').map((key) => key.value)).toEqual(['maxmuster']);
  });
});
