// The team: one admin, sales people (the first of them an admin too) and service agents, more of each for
// more accounts, all there long before the history starts.
import type { Member } from '../../functions/team/member.ts';
import { DAY, iso, type SeedContext } from './context.ts';
import { Random } from './random.ts';
import { FIRST, LAST, slug } from './words.ts';

/** The team, and its ids by role for the owners and assignees of the accounts' records. */
export interface Team {
  readonly members: readonly Member[];
  readonly sales: readonly string[];
  readonly service: readonly string[];
}

export function generateTeam({ options, from, idAt, uniqueEmail }: SeedContext): Team {
  const teamRandom = new Random(options.seed, 'team');
  const salesCount = Math.min(10, Math.max(3, Math.ceil(options.accounts / 25)));
  const serviceCount = Math.min(8, Math.max(2, Math.ceil(options.accounts / 30)));
  const members: Member[] = [];
  const addMember = (roles: Member['roles']) => {
    const at = from - 400 * DAY + members.length * DAY;
    const first = teamRandom.pick(FIRST);
    const last = teamRandom.pick(LAST);
    const email = uniqueEmail(`${slug(first)}.${slug(last)}`, 'team.clientele.example');
    members.push({
      id: idAt(at, `member#${members.length}`),
      name: `${first} ${last}`,
      email,
      roles,
      active: true,
      // Each signs in as their address: `npm run token -- --member <e-mail>` mints for them.
      userId: email,
      createdAt: iso(at),
      updatedAt: iso(at),
      version: 1,
    });
  };
  addMember(['admin']);
  for (let n = 0; n < salesCount; n++) addMember(n === 0 ? ['sales', 'admin'] : ['sales']);
  for (let n = 0; n < serviceCount; n++) addMember(['service']);
  const sales = members.filter((member) => member.roles.includes('sales')).map((member) => member.id);
  const service = members.filter((member) => member.roles.includes('service')).map((member) => member.id);
  return { members, sales, service };
}
