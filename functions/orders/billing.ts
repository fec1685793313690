// Retainer billing: once a month, one invoice per active client on a retainer. Reads only the
// client accounts (the relationship index) and makes every invoice conditional, so a second run for the same month issues nothing.

import { type Account, accounts } from '../accounts/index.ts';
import { recordOf } from '../platform/entity.ts';
import { derivedId } from '../platform/keys.ts';
import { indexQuery, queryAll } from '../platform/store.ts';
import { issueInvoice } from './order-store.ts';

const month = (at: Date) => at.toISOString().slice(0, 7);
const DAY_MS = 24 * 3600_000;

/**
 * Monthly: one retainer invoice per active client account on a retainer, for the month of `at` — whatever
 * number of times it runs (the invoice's id derives from the account and the month).
 */
export async function issueRetainerInvoices(at: Date) {
  const tally = { read: 0 };
  const billed = month(at);
  const { byRelationship } = accounts.indexes;
  const clients = indexQuery({ index: byRelationship, partition: byRelationship.partition('client') });
  const retained = (
    await queryAll(
      {
        ...clients,
        FilterExpression:
          'lifecycleStage = :active AND billing.#model = :retainer AND billing.monthlyFee > :zero',
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
  let alreadyIssued = 0;
  for (const account of retained) {
    const fee = account.billing?.monthlyFee ?? 0;
    const { issued: fresh } = await issueInvoice(
      {
        id: derivedId(`invoice#retainer#${account.id}#${billed}`),
        accountId: account.id,
        lines: [{ description: `Retainer, ${billed}`, quantity: 1, unitPrice: fee, amount: fee }],
        currency: account.billing?.currency ?? 'EUR',
        total: fee,
        issuedAt: at.toISOString(),
        dueAt: new Date(at.getTime() + 30 * DAY_MS).toISOString(),
        source: { kind: 'retainer', month: billed },
        createdAt: at.toISOString(),
        version: 1,
      },
      at,
    );
    if (fresh) issued++;
    else alreadyIssued++;
  }
  return { month: billed, accounts: retained.length, issued, alreadyIssued, read: tally.read };
}
