// The team members a laptop signs in as: `npm start` makes sure the dev admin exists (its token is
// .data/dev-token), and `npm run token -- --role sales` makes the dev member of that role on first use —
// written through the team's own store, like any member, so the platform admits them like anyone else.
// Import only once the handlers' environment is set (runtime.ts, attach.ts).
import type { Role } from '../functions/platform/access.ts';
import type { Member } from '../functions/team/index.ts';

export const devMember = (role: Role) => ({
  userId: `dev-${role}`,
  name: `Dev ${role[0]?.toUpperCase()}${role.slice(1)}`,
  email: `dev-${role}@clientele.localhost`,
  roles: [role],
});

/** Every member of the team (a team is small). */
export async function teamMembers(): Promise<Member[]> {
  const { allMembers } = await import('../functions/team/services.ts');
  return allMembers();
}

/** The dev member of `role`, created when missing; an error says why when it cannot be. */
export async function ensureDevMember(role: Role): Promise<Member> {
  const wanted = devMember(role);
  const existing = (await teamMembers()).find((member) => member.userId === wanted.userId);
  if (existing !== undefined) return existing;
  const { newMember } = await import('../functions/team/member.ts');
  const { memberCreateItems } = await import('../functions/team/member-store.ts');
  const { transact, TransactionRefused } = await import('../functions/platform/store.ts');
  const member = newMember({ ...wanted, active: true }, new Date());
  try {
    await transact(memberCreateItems(member));
    return member;
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    // Made meanwhile by another command, or its address taken by a member someone else made.
    const made = (await teamMembers()).find((candidate) => candidate.userId === wanted.userId);
    if (made !== undefined) return made;
    throw new Error(
      `Cannot create the local ${role} member: ${wanted.email} belongs to another member. Mint for a member with --member <e-mail>.`,
    );
  }
}
