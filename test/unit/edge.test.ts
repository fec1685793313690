// Pure pieces at the edge: key builders, cursors, e-mail normalisation, If-Match parsing, idempotency keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../functions/accounts/contact.ts';
import { accountIndexKeys, accountKey, contactKey, interactionKey } from '../../functions/accounts/entity.ts';
import { decodeCursor, encodeCursor } from '../../functions/platform/cursor.ts';
import { withoutStorageAttributes } from '../../functions/platform/entity.ts';
import { Invalid } from '../../functions/platform/errors.ts';
import { parseIfMatch, readIdempotencyKey, toHttpError } from '../../functions/platform/http.ts';
import type { HttpError } from '../../functions/platform/http-errors.ts';
import { fingerprint } from '../../functions/platform/store.ts';

describe('keys', () => {
  it('puts an account and everything under it in one partition', () => {
    expect(accountKey('A1')).toEqual({ pk: 'ACCOUNT#A1', sk: 'ACCOUNT' });
    expect(contactKey('A1', 'C1')).toEqual({ pk: 'ACCOUNT#A1', sk: 'CONTACT#C1' });
    expect(interactionKey('A1', 'I1')).toEqual({ pk: 'ACCOUNT#A1', sk: 'INTERACTION#I1' });
  });

  it('indexes an account by owner only when it has one', () => {
    const base = { id: 'A1', lifecycleStage: 'lead', relationship: 'client' };
    expect(accountIndexKeys(base)).not.toHaveProperty('gsi1pk');
    expect(accountIndexKeys({ ...base, ownerId: 'jane' })).toMatchObject({
      gsi1pk: 'OWNER#jane',
      gsi2pk: 'ACCOUNT#STAGE#lead',
      gsi3pk: 'ACCOUNT#REL#client',
      gsi4pk: 'TYPE#ACCOUNT',
    });
  });

  it('strips storage attributes and keeps the record', () => {
    expect(
      withoutStorageAttributes({
        pk: 1,
        sk: 2,
        gsi1pk: 3,
        gsi12sk: 4,
        type: 'x',
        expiresAt: 5,
        id: 'A',
        name: 'n',
      }),
    ).toEqual({
      id: 'A',
      name: 'n',
    });
  });
});

describe('cursors', () => {
  it('round-trip any key of the expected shape', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pk, sk) => {
        const cursor = encodeCursor({ pk, sk });
        expect(decodeCursor(cursor ?? undefined, ['pk', 'sk'])).toEqual({ pk, sk });
      }),
    );
  });

  it('refuse garbage, other shapes and another partition with a 400 naming the cursor', () => {
    const attempts = [
      'not base64 !!',
      Buffer.from('[1,2]').toString('base64url'),
      encodeCursor({ pk: 'a' }),
      encodeCursor({ pk: 'a', sk: 'b', extra: 'c' }),
      encodeCursor({ pk: 'a', sk: 5 }),
      encodeCursor({ pk: 'OTHER', sk: 'b' }),
    ];
    for (const cursor of attempts) {
      const error = (() => {
        try {
          decodeCursor(cursor ?? undefined, ['pk', 'sk'], { pk: 'MINE' });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(Invalid);
      expect((toHttpError(error) as HttpError).statusCode).toBe(400);
      expect((error as Invalid).details[0]?.path).toBe('query.cursor');
    }
  });
});

describe('small parsers', () => {
  it('normalise e-mail by case and surrounding space only', () => {
    expect(normaliseEmail('  Jane.Doe+crm@Example.COM ')).toBe('jane.doe+crm@example.com');
  });

  it('read If-Match as a version in its usual spellings', () => {
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(() => parseIfMatch('*')).toThrow(Invalid);
    for (const unpaired of ['"3', '3"', 'W/"3', 'W/3"'])
      expect(() => parseIfMatch(unpaired)).toThrow(Invalid);
  });

  it('accept visible-ASCII idempotency keys and fingerprint content independent of key order', () => {
    expect(readIdempotencyKey('abc-123_X')).toBe('abc-123_X');
    expect(() => readIdempotencyKey('')).toThrow(Invalid);
    expect(() => readIdempotencyKey('has space')).toThrow(Invalid);
    expect(() => readIdempotencyKey('x'.repeat(256))).toThrow(Invalid);
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});
