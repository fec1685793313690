// An account and how its lifecycle went: internal or external, client or customer, its stage now and the
// one change of stage that led there (won, churned, or moved on in the funnel) when it had one.
import type { Account } from '../../functions/accounts/account.ts';
import { type AccountScope, DAY, type History, HOUR, iso } from './context.ts';
import { COMPANY_A, COMPANY_B, COMPANY_FORM, DEPARTMENTS, SITES, slug, TAGS } from './words.ts';

/** The account as generated, and the facts about its lifecycle that its other records follow. */
export interface SeededAccount {
  readonly versions: History<Account>;
  /** Its last version. */
  readonly now: Account;
  readonly id: string;
  readonly stage: Account['lifecycleStage'];
  readonly currency: 'EUR' | 'USD';
  readonly ownerId: string | undefined;
  /** The domain of its contacts' e-mail addresses. */
  readonly domain: string;
  readonly createdAt: number;
  /** When the account was won in the history (its first won deal closed then). */
  readonly wonAt: number | undefined;
  readonly churnedAt: number | undefined;
}

export function generateAccount(scope: AccountScope): SeededAccount {
  const { random, index, from, until, idAt, usedNames } = scope;
  const { sales } = scope.team;
  const audience = random.chance(0.15) ? 'internal' : 'external';
  const stage = random.weighted<Account['lifecycleStage']>([
    ['lead', 18],
    ['prospect', 15],
    ['opportunity', 15],
    ['active', 40],
    ['churned', 12],
  ]);
  const relationship = random.chance(audience === 'internal' ? 0.6 : 0.35) ? 'client' : 'customer';
  const currency = audience === 'external' && random.chance(0.15) ? 'USD' : 'EUR';
  let name: string;
  if (audience === 'internal') {
    name = `${random.pick(DEPARTMENTS)}, ${random.pick(SITES)}`;
  } else {
    name = `${random.pick(COMPANY_A)} ${random.pick(COMPANY_B)} ${random.pick(COMPANY_FORM)}`;
  }
  for (let n = 2; usedNames.has(name); n++) name = name.replace(/( \(\d+\))?$/, ` (${n})`);
  usedNames.add(name);
  const domain = audience === 'internal' ? `${slug(name)}.internal.example` : `${slug(name)}.example`;
  const ownerId = stage === 'lead' && random.chance(0.15) ? undefined : random.pick(sales);
  // Most of the customer base is older than the history; leads and prospects are mostly new.
  const recent = stage === 'lead' || stage === 'prospect' ? 0.6 : 0.2;
  const createdAt = random.chance(recent)
    ? random.workTime(from, until - 2 * DAY)
    : random.workTime(from - 540 * DAY, from - 20 * DAY);
  // A department is booked to its cost centre (derived from its place, drawing nothing from the stream).
  const costCentre = audience === 'internal' ? { costCentre: `CC-${4000 + ((index * 37) % 1000)}` } : {};
  const billing: Account['billing'] =
    relationship === 'client'
      ? {
          model: 'retainer',
          monthlyFee: random.pick([1500, 2500, 4000, 6000, 9000, 12000]) * 100,
          currency,
          ...costCentre,
        }
      : stage === 'active' || stage === 'churned'
        ? { model: 'per_purchase', currency, ...costCentre }
        : undefined;
  const base: Account = {
    id: idAt(createdAt, `account#${index}`),
    name,
    relationship,
    audience,
    lifecycleStage: stage,
    ...(ownerId === undefined ? {} : { ownerId }),
    ...(stage === 'lead' || stage === 'prospect' ? { leadScore: random.int(1, 20) * 5 } : {}),
    ...(billing === undefined ? {} : { billing }),
    tags: random.chance(0.4) ? [random.pick(TAGS)] : [],
    custom: {},
    createdAt: iso(createdAt),
    updatedAt: iso(createdAt),
    version: 1,
  };
  /** The account changed stage once: v1 in `first`, v2 in its stage now, at `at`. */
  const changed = (first: Account['lifecycleStage'], at: number, v1Extra: Partial<Account> = {}) => {
    const { acquiredAt: _acquired, ...rest } = base;
    const v1: Account = { ...rest, lifecycleStage: first, ...v1Extra };
    const v2: Account = {
      ...v1,
      lifecycleStage: stage,
      ...(stage === 'active' ? { acquiredAt: iso(at) } : {}),
      updatedAt: iso(at),
      version: 2,
    };
    return [v1, v2];
  };
  let history: Account[] = [base];
  let wonAt: number | undefined;
  let churnedAt: number | undefined;
  const room = until - createdAt > 4 * DAY;
  if (stage === 'active') {
    if (room && random.chance(createdAt >= from ? 0.8 : 0.25)) {
      wonAt = random.workTime(Math.max(createdAt + 2 * DAY, from), until);
      history = changed('opportunity', wonAt);
    } else {
      const acquired = random.between(createdAt + HOUR, Math.min(createdAt + 60 * DAY, until - HOUR));
      history = [{ ...base, acquiredAt: iso(acquired) }];
    }
  } else if (stage === 'churned') {
    const acquired = random.between(createdAt + HOUR, Math.min(createdAt + 30 * DAY, until - 2 * DAY));
    churnedAt = random.workTime(Math.max(acquired + DAY, from - 60 * DAY), until);
    if (churnedAt <= acquired) churnedAt = acquired + HOUR;
    history = changed('active', churnedAt, { acquiredAt: iso(acquired) });
  } else if ((stage === 'prospect' || stage === 'opportunity') && room && random.chance(0.5)) {
    history = changed(stage === 'prospect' ? 'lead' : 'prospect', random.workTime(createdAt + DAY, until));
  }
  const account = history.at(-1) as Account;
  return {
    versions: history,
    now: account,
    id: account.id,
    stage,
    currency,
    ownerId,
    domain,
    createdAt,
    wonAt,
    churnedAt,
  };
}
