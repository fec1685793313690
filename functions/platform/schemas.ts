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
