// Retainer billing: once a month, one bill per active client on a retainer — an invoice, or an internal
// client's charge. Reads only the client accounts (the relationship index) and makes every bill conditional, so
// a second run for the same month issues nothing.

import { type Account, accounts } from '../accounts/index.ts';
import { recordOf } from '../platform/entity.ts';
import { indexQuery, queryAll } from '../platform/store.ts';
import { retainerBill } from './order.ts';
import { issueBill } from './order-store.ts';

/**
 * Monthly: one retainer bill per active client account on a retainer, for the month of `at` — an invoice, or
 * for an internal client a charge to its cost centre — whatever number of times it runs (the bill's id derives
 * from the account and the month).
 */
export async function issueRetainerInvoices(at: Date) {
  const tally = { read: 0 };
  const billed = at.toISOString().slice(0, 7);
  const { byRelationship } = accounts.indexes;
  const clients = indexQuery({ index: byRelationship, partition: byRelationship.partition('client') });
  const retained = (
    await queryAll(
      {
        ...clients,
        // An account being deleted, or merged into another (whose retainer is its own), is billed no more.
        FilterExpression:
          'lifecycleStage = :active AND billing.#model = :retainer AND billing.monthlyFee > :zero AND attribute_not_exists(deletingAt) AND attribute_not_exists(mergingInto)',
        ExpressionAttributeNames: { ...clients.ExpressionAttributeNames, '#model': 'model' },
        ExpressionAttributeValues: {
          ...clients.ExpressionAttributeValues,
          ':active': 'active',
          ':retainer': 'retainer',
          ':zero': 0,
        },
      },
      tally,
    )
  ).map((item) => recordOf<Account>(item));
  let issued = 0;
  let charged = 0;
  let alreadyIssued = 0;
  for (const account of retained) {
    const { issued: fresh, bill } = await issueBill(
      retainerBill(account, at),
      { audience: account.audience, costCentre: account.billing?.costCentre },
      at,
    );
    if (!fresh) alreadyIssued++;
    else if (bill.kind === 'charge') charged++;
    else issued++;
  }
  return { month: billed, accounts: retained.length, issued, charged, alreadyIssued, read: tally.read };
}
