// How a record is erased: its free texts replaced whatever they say, every other text naming the person too,
// keys and index keys left as they are.
import { describe, expect, it } from 'vitest';
import {
  ERASED,
  erasedClaim,
  erasedContact,
  erasedItem,
  mentions,
  personalTerms,
} from '../../functions/lifecycle/person.ts';

const terms = personalTerms({ name: 'Erika Zwölfer', email: 'erika@zwoelfer.de', phone: '+49 30 1234567' });

describe('erasing a person', () => {
  it('names the person by their name, each address and the phone as written and as digits', () => {
    expect(terms).toEqual(['erika zwölfer', 'erika@zwoelfer.de', '+49 30 1234567', '49301234567']);
    expect(mentions({ note: 'Mail ERIKA@zwoelfer.de' }, terms)).toBe(true);
    expect(mentions({ note: 'Mail someone else' }, terms)).toBe(false);
  });

  it("replaces an interaction's texts whatever they say, and any other text naming the person", () => {
    const item = {
      pk: 'ACCOUNT#1',
      sk: 'INTERACTION#2',
      type: 'Interaction',
      gsi4pk: 'TYPE#INTERACTION',
      subject: 'Call',
      body: 'Anything at all',
      agentNote: { said: 'Call Erika Zwölfer back' },
      channel: 'call',
      version: 3,
    };
    expect(erasedItem(item, terms)).toEqual({
      pk: 'ACCOUNT#1',
      sk: 'INTERACTION#2',
      type: 'Interaction',
      gsi4pk: 'TYPE#INTERACTION',
      subject: ERASED,
      agentNote: { said: ERASED },
      channel: 'call',
      version: 3,
    });
  });

  it("keeps a submission's fields but not their values, a mail's record but not its address or text", () => {
    expect(
      erasedItem({ type: 'Submission', values: { name: 'x', email: 'y' }, status: 'processed' }, terms),
    ).toEqual({ type: 'Submission', values: { name: ERASED, email: ERASED }, status: 'processed' });
    expect(
      erasedItem({ type: 'Mail', to: 'erika@zwoelfer.de', subject: 'Hi', text: 'Dear…' }, terms),
    ).toEqual({
      type: 'Mail',
      to: 'erased@invalid',
      subject: ERASED,
      text: ERASED,
    });
  });

  it('leaves the contact about nobody', () => {
    const contact = {
      id: 'c',
      name: 'Erika Zwölfer',
      email: 'e',
      phone: 'p',
      role: 'CFO',
      decisionMaker: true,
    };
    expect(erasedContact(contact, '2026-12-02T00:00:00.000Z')).toEqual({
      id: 'c',
      name: 'Erased contact',
      decisionMaker: true,
      erasedAt: '2026-12-02T00:00:00.000Z',
    });
  });

  it('erases the record an idempotency claim holds as its record is erased, and forgets the request', () => {
    const at = '2026-12-02T00:00:00.000Z';
    const claim = (recordType: string, record: Record<string, unknown>) => ({
      pk: 'IDEMPOTENCY#a#b',
      sk: 'IDEMPOTENCY',
      type: 'IdempotencyClaim',
      recordType,
      requestHash: 'fingerprint-of-the-request',
      expiresAt: 1,
      record,
    });
    const contact = { id: 'c', name: 'Erika Zwölfer', email: 'erika@zwoelfer.de', decisionMaker: false };
    expect(erasedClaim(claim('Contact', contact), terms, at, true)).toEqual({
      pk: 'IDEMPOTENCY#a#b',
      sk: 'IDEMPOTENCY',
      type: 'IdempotencyClaim',
      recordType: 'Contact',
      expiresAt: 1,
      record: { id: 'c', name: 'Erased contact', decisionMaker: false, erasedAt: at },
      erasedAt: at,
    });
    // Another person's contact that names them: only the words naming them go.
    const colleague = { id: 'd', name: 'Yara Frumm', role: 'Assistant to Erika Zwölfer' };
    expect(erasedClaim(claim('Contact', colleague), terms, at, false).record).toEqual({
      id: 'd',
      name: 'Yara Frumm',
      role: ERASED,
    });
    // A record's free texts go whatever they say, by the type the claim was made for.
    const interaction = { id: 'i', subject: 'Call', body: 'Anything', channel: 'call', version: 1 };
    const erased = erasedClaim(claim('Interaction', interaction), terms, at, false);
    expect(erased.record).toEqual({ id: 'i', subject: ERASED, channel: 'call', version: 1 });
    // Erased once, it is as it was when erased again for the same person; for another, their words go too.
    const again = erasedClaim(erased, terms, '2027-01-01T00:00:00.000Z', false);
    expect(again).toEqual(erased);
    const named = erasedClaim(claim('Contact', colleague), terms, at, false);
    const yara = personalTerms({ name: 'Yara Frumm' });
    expect(erasedClaim(named, yara, '2027-01-01T00:00:00.000Z', true).record).toEqual({
      id: 'd',
      name: 'Erased contact',
      erasedAt: at,
    });
  });

  it("touches no one else's words, ids, times or states; a JSON text is scrubbed inside", () => {
    const ann = personalTerms({ name: 'Ann', email: 'ann@acme.com', phone: '2026' });
    // The phone is too short to say who it is; "Ann" is a word, not a part of one; an address is whole.
    expect(ann).toEqual(['ann', 'ann@acme.com']);
    const other = {
      type: 'Deal',
      title: 'Annual planning with jo.ann@acme.com',
      ownerId: 'ann',
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'ann',
    };
    expect(erasedItem(other, ann)).toEqual(other);
    expect(erasedItem({ type: 'Deal', title: 'Call Ann back' }, ann)).toEqual({
      type: 'Deal',
      title: ERASED,
    });
    const failure = {
      type: 'Failure',
      eventJson: JSON.stringify({ detail: { data: { name: 'Ann', id: 'x' } } }),
    };
    expect(JSON.parse(String(erasedItem(failure, ann).eventJson))).toEqual({
      detail: { data: { name: ERASED, id: 'x' } },
    });
  });
});
