// The schemas every area shares: ids, the team member a record belongs to, and the page of a list.
import * as z from './zod.ts';

export const Id = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be a ULID (26 characters, Crockford base32).'),
      z.meta({ description: 'A ULID.', examples: ['01JD0000000000000000000000'] }),
    ))();
export const UserId = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[\w@.+:-]+$/, 'Letters, digits and _ @ . + : - only.'),
      z.meta({ description: 'A team member (the token subject of a user).' }),
    ))();

/**
 * Whether a name is one every JavaScript object answers to (`constructor`, `toString`, `__proto__`…) or
 * `prototype`. Such a name is refused as a key a caller chooses (custom fields, form fields): as a key of a
 * stored map it breaks the DynamoDB marshaller, which reads `value.constructor`, and read back into a plain
 * object `__proto__` would set its prototype.
 */
export const isReservedName = (name: string) => name === 'prototype' || Object.hasOwn(Object.prototype, name);

/** The check that refuses a reserved name (see isReservedName). */
export const notReservedName = () =>
  z.refine<string>((name) => !isReservedName(name), {
    message: 'Reserved: every JavaScript object has a member of that name.',
  });

/**
 * A number the table and JavaScript both keep exactly: finite, within ±(2^53 − 1) (beyond, the DynamoDB
 * marshaller refuses to write it and a JavaScript client would lose digits), and 0 or at least 1e-9 in size
 * (DynamoDB refuses magnitudes below 1e-130; nothing here needs one that small).
 */
export function isStorableNumber(number: number): boolean {
  return (
    Number.isFinite(number) &&
    Math.abs(number) <= Number.MAX_SAFE_INTEGER &&
    (number === 0 || Math.abs(number) >= 1e-9)
  );
}

const STORABLE_NUMBER_MESSAGE = `Must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER} (0 or at least 1e-9 in size).`;

/** A number a caller may store as it is (see isStorableNumber). */
export const StorableNumber = /* @__PURE__ */ (() =>
  z.number().check(z.refine(isStorableNumber, { message: STORABLE_NUMBER_MESSAGE })))();

/** A page size: 1–100, `fallback` when not given. */
export const Limit = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), fallback);
export const Cursor = /* @__PURE__ */ (() => z.optional(z.string().check(z.maxLength(2048))))();

/** Any list's page: `limit` and the opaque `cursor` of the previous page's `nextCursor`. */
export const PageQuery = /* @__PURE__ */ (() => z.strictObject({ limit: Limit(25), cursor: Cursor }))();
export type PageQuery = z.infer<typeof PageQuery>;

/** Who made a record and who changed it last (functions/platform/actor.ts), for the records' schemas. */
export const authorship = () => ({
  createdBy: z.optional(
    z.string().check(z.meta({ description: 'Who made it: a member id, `public`, or `system:<function>`.' })),
  ),
  updatedBy: z.optional(z.string().check(z.meta({ description: 'Who changed it last (same forms).' }))),
});
