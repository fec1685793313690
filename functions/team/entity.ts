// Where the team is kept: one item per member (in the type index, which lists the team), the claim that
// keeps an e-mail address to one member, and one round-robin counter per role.
import { byType, entity } from '../platform/entity.ts';
import type { Member } from './member.ts';

export const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }) as const;

export const members = /* @__PURE__ */ entity({
  type: 'Member',
  key: (member: Member) => memberKey(member.id),
  indexes: { all: /* @__PURE__ */ byType<Member>('MEMBER') },
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
