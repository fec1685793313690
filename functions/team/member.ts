// Team member: who signs in (`userId`, the subject of their token) and who work is assigned to. Roles say
// what the member may do (platform/access.ts) and which round-robin they are in (sales leads, service
// tickets); only active members sign in or are assigned anything.

import { ulid } from 'ulid';
import { Email } from '../accounts/index.ts';
import { ROLES } from '../platform/access.ts';
import { recordOf } from '../platform/entity.ts';
import { authorship, Cursor, Id, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export { ROLES, type Role } from '../platform/access.ts';

export const MemberCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      email: Email,
      roles: z
        .array(z.enum(ROLES))
        .check(z.minLength(1, 'At least one role: sales, service and/or admin.'), z.maxLength(ROLES.length)),
      active: z._default(z.boolean(), true),
      /** The identity the member signs in with: their token's subject (a Cognito user's `sub`). */
      userId: z.optional(UserId),
    })
    .check(z.meta({ id: 'MemberCreate' })))();
export type MemberCreate = z.infer<typeof MemberCreate>;

export const MemberPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      roles: z.optional(z.array(z.enum(ROLES)).check(z.minLength(1), z.maxLength(ROLES.length))),
      active: z.optional(z.boolean()),
      /** null: the member signs in no more (and keeps their history). */
      userId: z.optional(z.nullable(UserId)),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({ id: 'MemberPatch' }),
    ))();
export type MemberPatch = z.infer<typeof MemberPatch>;

export const Member = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      name: z.string(),
      email: z.string(),
      roles: z.array(z.enum(ROLES)),
      active: z.boolean(),
      userId: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Member' })))();
export type Member = z.infer<typeof Member>;

export const MemberPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const MemberListQuery = /* @__PURE__ */ (() =>
  z.strictObject({ limit: Limit(100), cursor: Cursor }))();
export type MemberListQuery = z.infer<typeof MemberListQuery>;

export function newMember(input: MemberCreate, now: Date): Member {
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    roles: [...new Set(input.roles)],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export const toMember = (item: Record<string, unknown>) => recordOf<Member>(item);
