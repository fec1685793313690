// Who may do what, decided in one place from what the platform knows of a caller: the role groups of the
// verified token (Cognito's `cognito:groups`, or the local verifier's), and the team member the token's
// subject is. A role counts when both grant it: the token says who is calling, the team says what they do,
// so taking a role away in either place is enough. Pure: the membership is looked up by the caller (http.ts).
import { Forbidden } from './http-errors.ts';

export const ROLES = ['admin', 'sales', 'service'] as const;
export type Role = (typeof ROLES)[number];

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** What the team says about a token's subject. */
export interface Membership {
  readonly memberId: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
}

/** The caller of a route, once admitted: their member, and the roles they hold (token and team agree). */
export interface Caller {
  /** The token's subject (Cognito `sub`). */
  readonly sub: string;
  readonly memberId: string;
  readonly roles: readonly Role[];
}

/** The roles among a token's groups (other groups mean nothing here). */
export const tokenRoles = (groups: readonly string[]): Role[] => [...new Set(groups.filter(isRole))];

const listed = (roles: readonly Role[]) => roles.join(', ');

/**
 * Before any lookup: refused when the token carries no role at all, or none the route allows — the cheap
 * refusals, answered without reading the table.
 */
export function refuseByToken(groups: readonly string[], allowed: readonly Role[]): Forbidden | undefined {
  const held = tokenRoles(groups);
  if (held.length === 0) {
    return new Forbidden(
      'NoRole',
      `Your token carries none of the roles (${listed(ROLES)}); this route is for ${listed(allowed)}.`,
      allowed,
    );
  }
  if (!held.some((role) => allowed.includes(role))) {
    return new Forbidden(
      'RoleRequired',
      `This route is for ${listed(allowed)}; your token has ${listed(held)}.`,
      allowed,
    );
  }
  return undefined;
}

/** The caller admitted to a route allowing `allowed`, or the refusal. */
export function admit(
  sub: string,
  groups: readonly string[],
  membership: Membership | undefined,
  allowed: readonly Role[],
): Caller | Forbidden {
  const byToken = refuseByToken(groups, allowed);
  if (byToken !== undefined) return byToken;
  if (membership === undefined || !membership.active) {
    // One answer for both: an outsider learns nothing about who was once on the team.
    return new Forbidden(
      'NotAMember',
      'Your sign-in is not an active member of the team; ask an admin to add you (POST /team with your userId).',
      allowed,
    );
  }
  const roles = tokenRoles(groups).filter((role) => membership.roles.includes(role));
  if (!roles.some((role) => allowed.includes(role))) {
    return new Forbidden(
      'RoleRequired',
      `This route is for ${listed(allowed)}; as a team member you have ${listed(membership.roles) || 'no role'}.`,
      allowed,
    );
  }
  return { sub, memberId: membership.memberId, roles };
}

/**
 * Where a member is found by the identity it signs in with: the team area writes its members into this
 * partition of the `gsi1` index, and the platform looks callers up there (membership.ts).
 */
export const MEMBER_BY_USER = {
  index: 'gsi1',
  partition: (userId: string) => `USER#${userId}`,
  sortKey: 'MEMBER',
} as const;
