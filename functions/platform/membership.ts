// The team member a token's subject is, read from the member-by-user index and kept for a short while in
// the execution environment: a warm function asks the table about a caller at most once per CACHE_SECONDS,
// so a member set inactive (or given other roles) is refused within that time, and no later.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MEMBER_BY_USER, type Membership, ROLES, type Role } from './access.ts';
import { documentClient } from './clients.ts';
import { indexAttributes } from './entity.ts';
import { TABLE_NAME } from './table-name.ts';

/** How long an answer is kept: MEMBERSHIP_CACHE_SECONDS (0–60), default 30. */
export const CACHE_SECONDS = /* @__PURE__ */ (() => {
  const raw = Number(process.env.MEMBERSHIP_CACHE_SECONDS ?? 30);
  return Number.isFinite(raw) ? Math.min(60, Math.max(0, raw)) : 30;
})();
/** A subject that is no member is asked about again sooner: they may be added any moment. */
const UNKNOWN_SECONDS = 5;
/** Callers remembered per environment; the oldest answer goes first. */
const CACHE_ENTRIES = 1000;

const cache = new Map<string, { readonly membership: Membership | undefined; readonly until: number }>();

async function lookUp(userId: string): Promise<Membership | undefined> {
  const names = indexAttributes(MEMBER_BY_USER.index);
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: MEMBER_BY_USER.index,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ProjectionExpression: '#id, #roles, #active',
      ExpressionAttributeNames: {
        '#pk': names.pk,
        '#sk': names.sk,
        '#id': 'id',
        '#roles': 'roles',
        '#active': 'active',
      },
      ExpressionAttributeValues: { ':pk': MEMBER_BY_USER.partition(userId), ':sk': MEMBER_BY_USER.sortKey },
      // One member per user id (the team area claims it); two would be a fault, refused below.
      Limit: 2,
    }),
  );
  const [item, other] = Items ?? [];
  if (item === undefined || other !== undefined) return undefined;
  const roles = Array.isArray(item.roles) ? item.roles : [];
  return {
    memberId: String(item.id),
    roles: roles.filter((role): role is Role => (ROLES as readonly unknown[]).includes(role)),
    active: item.active === true,
  };
}

/** The membership of `userId`, from the cache while it is fresh. */
export async function membershipOf(userId: string, now = Date.now()): Promise<Membership | undefined> {
  const cached = cache.get(userId);
  if (cached !== undefined && cached.until > now) return cached.membership;
  const membership = await lookUp(userId);
  cache.delete(userId);
  if (CACHE_SECONDS > 0) {
    const seconds = membership === undefined ? Math.min(CACHE_SECONDS, UNKNOWN_SECONDS) : CACHE_SECONDS;
    cache.set(userId, { membership, until: now + seconds * 1000 });
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return membership;
}

/** Forget every answer (tests that change a member and look again at once). */
export const forgetMemberships = () => cache.clear();
