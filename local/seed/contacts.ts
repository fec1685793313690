// An account's contacts: one to three people, the first one the decision maker.
import type { Contact } from '../../functions/accounts/contact.ts';
import type { SeededAccount } from './accounts.ts';
import { type AccountScope, DAY, iso, MINUTE } from './context.ts';
import { FIRST, LAST, ROLES, slug } from './words.ts';

export function generateContacts(scope: AccountScope, account: SeededAccount): Contact[] {
  const { random, until, idAt, uniqueEmail, key } = scope;
  const { id: accountId, createdAt, domain } = account;
  const people: Contact[] = [];
  const contactCount = random.weighted([
    [1, 45],
    [2, 35],
    [3, 20],
  ]);
  for (let n = 0; n < contactCount; n++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const at = Math.min(createdAt + random.between(0, 2 * DAY), until - MINUTE);
    const phone = random.chance(0.7)
      ? `+${random.pick(['49', '33', '31', '39', '46'])} ${random.int(100, 999)} ${random.int(1000000, 9999999)}`
      : undefined;
    people.push({
      id: idAt(at, key('contact', n)),
      accountId,
      name: `${first} ${last}`,
      email: uniqueEmail(`${slug(first)}.${slug(last)}`, domain),
      ...(phone === undefined ? {} : { phone }),
      role: random.pick(ROLES),
      decisionMaker: n === 0,
      createdAt: iso(at),
      updatedAt: iso(at),
      version: 1,
    });
  }
  return people;
}
