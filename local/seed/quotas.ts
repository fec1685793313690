// The sales team's monthly quotas: one per sales member and month of the history (this month included), in
// EUR, drawn from the team's own stream — so adding them moved no other record of the data set.
import type { Quota } from '../../functions/sales/quota.ts';
import { iso, type SeedContext } from './context.ts';
import { Random } from './random.ts';
import type { Team } from './team.ts';

export function generateQuotas({ options, from, until }: SeedContext, team: Team): Quota[] {
  const random = new Random(options.seed, 'quotas');
  const quotas: Quota[] = [];
  const first = new Date(from);
  const last = new Date(until);
  for (
    let month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
    month.getTime() <= last.getTime();
    month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))
  ) {
    // Set in the last days of the month before.
    const setAt = iso(month.getTime() - 3 * 24 * 3600_000);
    for (const ownerId of team.sales) {
      quotas.push({
        ownerId,
        period: 'month',
        start: iso(month.getTime()).slice(0, 10),
        // €20,000 to €80,000, in steps of €1,000 (minor units).
        targets: { EUR: random.int(20, 80) * 1_000_00 },
        createdAt: setAt,
        updatedAt: setAt,
        version: 1,
      });
    }
  }
  return quotas;
}
