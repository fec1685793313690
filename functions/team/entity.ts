// Where the team is kept: one item per member (in the type index, which lists the team, and in the
// member-by-user index, which says who a token is), the claims that keep an e-mail address and a sign-in
// identity to one member each, and one round-robin counter per role.
import { MEMBER_BY_USER } from '../platform/access.ts';
import { byType, entity } from '../platform/entity.ts';
import type { Member } from './member.ts';

export const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }) as const;

export const members = /* @__PURE__ */ entity({
  type: 'Member',
  key: (member: Member) => memberKey(member.id),
  indexes: {
    all: /* @__PURE__ */ byType<Member>('MEMBER'),
    /** Who a token's subject is: read by the platform on every members' request (platform/membership.ts). */
    byUser: {
      index: MEMBER_BY_USER.index,
      key: (member: Member) =>
        member.userId === undefined
          ? undefined
          : { pk: MEMBER_BY_USER.partition(member.userId), sk: MEMBER_BY_USER.sortKey },
    },
  },
});

export const memberUserKey = (userId: string) =>
  ({ pk: `MEMBER_USER#${userId}`, sk: 'MEMBER_USER' }) as const;

/** The claim that keeps a sign-in identity to one member. */
export const memberUserClaimItem = (member: Pick<Member, 'id'> & { readonly userId: string }) => ({
  ...memberUserKey(member.userId),
  type: 'MemberUserClaim',
  memberId: member.id,
});

export const memberEmailKey = (normalisedEmail: string) =>
  ({ pk: `MEMBER_EMAIL#${normalisedEmail}`, sk: 'MEMBER_EMAIL' }) as const;

/** The claim of a member's address, pointing at the member (the address is only in the key). */
export const memberEmailClaimItem = (member: Pick<Member, 'id' | 'email'>) => ({
  ...memberEmailKey(member.email),
  type: 'MemberEmailClaim',
  memberId: member.id,
});

/** The counter whose turns pick the next member with `role`. */
export const roundRobinKey = (role: string) => ({ pk: `ROUND_ROBIN#${role}`, sk: 'ROUND_ROBIN' }) as const;
