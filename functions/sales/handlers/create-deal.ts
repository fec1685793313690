// POST /deals → 201: a deal on an account (the account must exist), in an open stage; without an owner, the
// account's (an active sales member) owns it; the deal keeps the account's audience.

import { guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { ownedByDefault } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import { newDeal } from '../deal.ts';
import { accountDefaults, dealCreateItems, dealCreateRefused } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createDeal, async ({ body, principal, header }) => {
  await guardAccount(principal, body.accountId);
  const owned = ownedByDefault(principal, 'deals', 'ownerId', body);
  await assertMembers([{ path: 'ownerId', id: owned.ownerId, role: 'sales' }]);
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /deals', body);
  const { input, audience } = await accountDefaults(owned);
  const deal = newDeal(input, new Date(), audience);
  const { record, replayed } = await createOnce(
    dealCreateItems(deal),
    deal,
    idempotency,
    dealCreateRefused(deal),
  );
  return created(record, `/deals/${record.id}`, replayed, record.version);
});
