// Every write records who made it: the member admitted to the route, on the record as the API answers it and
// as it is stored — `createdBy` once, `updatedBy` at each change, whichever way the store writes it.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as getAccount } from '../../functions/accounts/handlers/get-account.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as getDeal } from '../../functions/sales/handlers/get-deal.ts';
import { handler as updateDeal } from '../../functions/sales/handlers/update-deal.ts';
import { call } from '../support/api.ts';
import { TEST_MEMBERS } from '../support/tester.ts';

const [tester, alice, bob] = TEST_MEMBERS;

describe('who made it', () => {
  it('records the maker and the last changer of an account (one UpdateItem) and a deal (a whole rewrite)', async () => {
    const made = await call(createAccount, 'POST', {
      resource: '/accounts',
      body: { name: 'Authored' },
      sub: 'alice',
    });
    expect(made.json).toMatchObject({ createdBy: alice.id, updatedBy: alice.id });
    const params = { id: made.json.id };
    const changed = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params,
      body: { leadScore: 3 },
      sub: 'bob',
    });
    expect(changed.json).toMatchObject({ createdBy: alice.id, updatedBy: bob.id });
    const read = await call(getAccount, 'GET', { resource: '/accounts/{id}', params });
    expect(read.json).toMatchObject({ createdBy: alice.id, updatedBy: bob.id });

    const deal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: made.json.id, title: 'Authored deal', amount: 100, currency: 'EUR' },
    });
    expect(deal.json).toMatchObject({ createdBy: tester.id, updatedBy: tester.id });
    const moved = await call(updateDeal, 'PATCH', {
      resource: '/deals/{id}',
      params: { id: deal.json.id },
      body: { stage: 'qualification' },
      sub: 'bob',
    });
    expect(moved.json).toMatchObject({ createdBy: tester.id, updatedBy: bob.id });
    const stored = await call(getDeal, 'GET', { resource: '/deals/{id}', params: { id: deal.json.id } });
    expect(stored.json).toMatchObject({ createdBy: tester.id, updatedBy: bob.id });
  });
});
