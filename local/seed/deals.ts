// An account's deals, each with its stage changes: won ones only where the account is active (as winning
// makes it), lost ones anywhere, open ones by how far the account is.
import { type Deal, OPEN_STAGES, type Stage } from '../../functions/sales/deal.ts';
import type { SeededAccount } from './accounts.ts';
import { type AccountScope, DAY, type History, HOUR, iso, isoDay } from './context.ts';
import { DEAL_KINDS, PRODUCTS, SCOPES } from './words.ts';

/** Why the seeded deals were lost: price most often; a consultant declines a poor fit now and then. */
const LOST_REASON_WEIGHTS = [
  ['price', 5],
  ['timing', 3],
  ['competitor', 3],
  ['no_fit', 2],
  ['declined_by_us', 1],
] as const satisfies readonly (readonly [string, number])[];

export function generateDeals(scope: AccountScope, account: SeededAccount): History<Deal>[] {
  const { random, from, until, quarterAfterEnd, perMonth, idAt, key } = scope;
  const { sales } = scope.team;
  const { id: accountId, stage, currency, ownerId, createdAt, wonAt, churnedAt } = account;
  const deals: History<Deal>[] = [];
  let dealCount = 0;
  const dealOwner = () =>
    random.chance(0.04)
      ? undefined
      : random.chance(0.8) && ownerId !== undefined
        ? ownerId
        : random.pick(sales);
  const amount = () =>
    Math.round(Math.exp(Math.log(800) + random.float() * (Math.log(60_000) - Math.log(800))) / 50) * 50 * 100;
  const title = () => `${random.pick(DEAL_KINDS)}: ${random.pick(PRODUCTS)}`;
  // Clients mostly buy tailored work (a project, an advisory retainer), customers mostly standard products.
  const engagement = (): Pick<Deal, 'engagementType' | 'scope'> =>
    random.chance(account.now.relationship === 'client' ? 0.7 : 0.1)
      ? { engagementType: 'tailored', scope: `${random.pick(SCOPES)} for ${account.now.name}` }
      : { engagementType: 'standard' };
  const closedDeal = (outcome: 'won' | 'lost', closedAt: number) => {
    const opened = Math.max(closedAt - random.between(5 * DAY, 75 * DAY), createdAt + HOUR);
    const openedAt = opened < closedAt - HOUR ? opened : closedAt - HOUR;
    const firstStage =
      outcome === 'won'
        ? random.weighted<Stage>([
            ['negotiation', 4],
            ['proposal', 3],
            ['presentation', 2],
            ['qualification', 1],
          ])
        : random.pick(OPEN_STAGES);
    const owner = dealOwner();
    const v1: Deal = {
      id: idAt(openedAt, key('deal', dealCount++)),
      accountId,
      title: title(),
      amount: amount(),
      currency,
      ...engagement(),
      audience: account.now.audience,
      stage: firstStage,
      expectedCloseDate: isoDay(closedAt + random.between(-20 * DAY, 20 * DAY)),
      ...(owner === undefined ? {} : { ownerId: owner }),
      createdAt: iso(openedAt),
      updatedAt: iso(openedAt),
      version: 1,
    };
    const versions: Deal[] = [v1];
    // Some went through another stage first (never into proposal: that sets off follow-up tasks).
    const later = OPEN_STAGES.slice(
      OPEN_STAGES.indexOf(firstStage as (typeof OPEN_STAGES)[number]) + 1,
    ).filter((next) => next !== 'proposal');
    if (later.length > 0 && random.chance(0.2)) {
      const at = random.between(openedAt + 1, closedAt);
      versions.push({ ...v1, stage: random.pick(later), updatedAt: iso(at), version: 2 });
    }
    const last = versions.at(-1) as Deal;
    versions.push({
      ...last,
      stage: outcome,
      ...(outcome === 'lost' ? { lostReason: random.weighted(LOST_REASON_WEIGHTS) } : {}),
      closedAt: iso(closedAt),
      updatedAt: iso(closedAt),
      version: last.version + 1,
    });
    deals.push(versions);
  };
  if (stage === 'active') {
    const firstWin = wonAt ?? Math.max(from, Date.parse(account.now.acquiredAt ?? account.now.createdAt));
    if (wonAt !== undefined) closedDeal('won', wonAt);
    for (let n = random.count(0.3 * perMonth); n > 0; n--)
      closedDeal('won', random.workTime(Math.max(firstWin + HOUR, from), until));
  }
  const lost = random.count(0.15 * perMonth);
  for (let n = 0; n < lost && createdAt + 2 * HOUR < until; n++) {
    closedDeal(
      'lost',
      random.workTime(Math.max(createdAt + 2 * HOUR, from), Math.min(churnedAt ?? until, until)),
    );
  }
  const openDeals =
    stage === 'opportunity'
      ? random.int(1, 2)
      : stage === 'prospect' || stage === 'lead' || stage === 'active'
        ? random.chance(stage === 'prospect' ? 0.6 : stage === 'lead' ? 0.3 : 0.35)
          ? 1
          : 0
        : 0;
  for (let n = 0; n < openDeals; n++) {
    const openedAt = random.workTime(Math.max(createdAt + HOUR, from - 45 * DAY), until);
    const finalStage =
      stage === 'lead'
        ? 'prospecting'
        : stage === 'prospect'
          ? random.pick(['prospecting', 'qualification'] as const)
          : random.pick(OPEN_STAGES);
    const owner = dealOwner();
    const v1: Deal = {
      id: idAt(openedAt, key('deal', dealCount++)),
      accountId,
      title: title(),
      amount: amount(),
      currency,
      ...engagement(),
      audience: account.now.audience,
      stage: finalStage,
      ...(random.chance(0.92)
        ? { expectedCloseDate: isoDay(random.between(until - 21 * DAY, quarterAfterEnd + DAY)) }
        : {}),
      ...(owner === undefined ? {} : { ownerId: owner }),
      createdAt: iso(openedAt),
      updatedAt: iso(openedAt),
      version: 1,
    };
    const earlier = OPEN_STAGES.slice(0, OPEN_STAGES.indexOf(finalStage));
    if (finalStage !== 'proposal' && earlier.length > 0 && random.chance(0.3) && until - openedAt > HOUR) {
      const at = random.between(openedAt + 1, until);
      deals.push([
        { ...v1, stage: random.pick(earlier) },
        { ...v1, updatedAt: iso(at), version: 2 },
      ]);
    } else deals.push([v1]);
  }
  return deals;
}
