// Retainer billing while an account is merged, on a table of its own (the monthly run bills every client in the
// table): the account being merged is billed no retainer of its own — the survivor is billed its own.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

await useOwnTable('merge-billing');
const createAccount = await loadHandler<Handler>('accounts/handlers/create-account');
const mergeAccount = await loadHandler<Handler>('lifecycle/handlers/merge-account');
const { issueRetainerInvoices } = await import('../../functions/orders/billing.ts');
const { continueAccountMerge } = await import('../../functions/lifecycle/merge-store.ts');
const { queryAll } = await import('../../functions/platform/store.ts');
const { TABLE_NAME } = await import('../../functions/platform/table-name.ts');
const { accountPartition } = await import('../../functions/accounts/entity.ts');

const client = {
  relationship: 'client',
  lifecycleStage: 'active',
  billing: { model: 'retainer', monthlyFee: 100_000, currency: 'EUR' },
};
const newClient = async (name: string) => {
  const made = await call(createAccount, 'POST', { resource: '/accounts', body: { name, ...client } });
  expect(made.status, made.text).toBe(201);
  return made.json.id as string;
};
const invoicesOf = async (accountId: string) =>
  (
    await queryAll(
      {
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invoice)',
        ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':invoice': 'INVOICE#' },
      },
      { read: 0 },
    )
  ).length;

describe('retainer billing during a merge', () => {
  it('bills the survivor and not the account being merged into it', async () => {
    const survivor = await newClient('Berger GmbH');
    const duplicate = await newClient('Berger');
    const merged = await call(mergeAccount, 'POST', {
      resource: '/accounts/{id}/merge',
      params: { id: survivor },
      body: { from: duplicate },
    });
    expect(merged.status, merged.text).toBe(202);
    const run = await issueRetainerInvoices(new Date('2026-12-01T06:00:00Z'));
    expect(run).toMatchObject({ accounts: 1, issued: 1 });
    expect(await invoicesOf(duplicate)).toBe(0);
    expect(await invoicesOf(survivor)).toBe(1);
    expect((await continueAccountMerge(duplicate, 1, () => new Date())).outcome).toBe('done');
  });
});
