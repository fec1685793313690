// GET /search: its query (the words, the types, the filters, a page) and its answer (ranked hits, each with what
// a result line shows). Pure: the reading is search-store.ts.
import { AUDIENCES, LIFECYCLE_STAGES, RELATIONSHIPS } from '../accounts/index.ts';
import { Cursor, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { STAGES } from '../sales/index.ts';
import { TICKET_STATES } from '../service/index.ts';
import { SEARCH_TYPES, type SearchType } from './terms.ts';

/** Comma-separated types to search (all when absent). */
const Types = /* @__PURE__ */ (() => {
  const type = SEARCH_TYPES.join('|');
  return z.string().check(
    z.maxLength(100),
    z.regex(new RegExp(`^(${type})(,(${type}))*$`), {
      message: `Name one or more of ${SEARCH_TYPES.join(', ')}, comma-separated.`,
    }),
  );
})();

/** The types a query names (all when none). */
export const typesOf = (types: string | undefined): SearchType[] =>
  types === undefined ? [...SEARCH_TYPES] : [...new Set(types.split(',') as SearchType[])];

export const SearchQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    /** The words typed: each a prefix of a word of the record (all of them must match). */
    q: z.string().check(z.minLength(1), z.maxLength(200)),
    types: z.optional(Types),
    relationship: z.optional(z.enum(RELATIONSHIPS)),
    audience: z.optional(z.enum(AUDIENCES)),
    lifecycleStage: z.optional(z.enum(LIFECYCLE_STAGES)),
    ownerId: z.optional(UserId),
    stage: z.optional(z.enum(STAGES)),
    status: z.optional(z.enum(TICKET_STATES)),
    limit: Limit(20),
    cursor: Cursor,
  }))();
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = /* @__PURE__ */ (() =>
  z
    .object({
      type: z.enum(SEARCH_TYPES),
      id: z.string(),
      /** The record's name: an account's or contact's name, a deal's title, the start of a ticket's problem. */
      name: z.string(),
      /** The field the first word matched in: name, email, phone, role, tags, title, product, problem. */
      matched: z.string(),
      /** Whether every word matched a whole word (else some matched as a prefix). */
      exact: z.boolean(),
      accountId: z.string(),
      /** The account's name, for a contact, deal or ticket. */
      accountName: z.optional(z.string()),
      stage: z.optional(z.string()),
      status: z.optional(z.string()),
      priority: z.optional(z.string()),
      lifecycleStage: z.optional(z.string()),
      activityAt: z.string(),
    })
    .check(z.meta({ id: 'SearchHit' })))();
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResults = /* @__PURE__ */ (() =>
  z
    .object({ items: z.array(SearchHit), nextCursor: z.nullable(z.string()) })
    .check(z.meta({ id: 'SearchResults' })))();
