// Orders and invoices against DynamoDB Local: racing status moves with one winner (the model-based moves are
// in state-machines.test.ts), and the fulfilled-order automation delivered 1–3 times → one invoice.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { toDomainEvent } from '../../functions/events/events.ts';
import { orderKey } from '../../functions/orders/entity.ts';
import { handler as createOrder } from '../../functions/orders/handlers/create-order.ts';
import { handler as getInvoice } from '../../functions/orders/handlers/get-invoice.ts';
import { handler as getOrder } from '../../functions/orders/handlers/get-order.ts';
import { handler as issueInvoice } from '../../functions/orders/handlers/issue-order-invoice.ts';
import { handler as listInvoices } from '../../functions/orders/handlers/list-account-invoices.ts';
import { handler as updateOrder } from '../../functions/orders/handlers/update-order.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call } from '../support/api.ts';

const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Shop' } })).json.id as string;
const place = (
  accountId: string,
  lines: unknown = [
    { product: 'Widget', quantity: 3, unitPrice: 1999 },
    { product: 'Cable', quantity: 1, unitPrice: 500 },
  ],
) => call(createOrder, 'POST', { resource: '/orders', body: { accountId, lines, team: 'north' } });
const move = (id: string, status: string) =>
  call(updateOrder, 'PATCH', { resource: '/orders/{id}', params: { id }, body: { status } });
const read = async (id: string) =>
  (await call(getOrder, 'GET', { resource: '/orders/{id}', params: { id } })).json;

describe('orders', () => {
  it('totals the lines and refuses a bad order or an unknown account', async () => {
    const accountId = await newAccount();
    const order = await place(accountId);
    expect(order.status).toBe(201);
    expect(order.json).toMatchObject({
      status: 'placed',
      total: 3 * 1999 + 500,
      currency: 'EUR',
      version: 1,
    });
    const bad = await place(accountId, [{ product: '', quantity: 0, unitPrice: -1 }]);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'lines.0.product',
      'lines.0.quantity',
      'lines.0.unitPrice',
    ]);
    expect((await place('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('refuses lines whose amount or total JavaScript cannot hold exactly with 400 naming them', async () => {
    const accountId = await newAccount();
    // Each line within its limits, but quantity × unitPrice beyond 2^53 − 1.
    const line = await place(accountId, [
      { product: 'Fine', quantity: 1, unitPrice: 100 },
      { product: 'Bulk', quantity: 1_000_000, unitPrice: 100_000_000_00 },
    ]);
    expect(line.status).toBe(400);
    expect(line.json.error.details.map((d: { path: string }) => d.path)).toEqual(['lines.1.unitPrice']);
    // Every line exact, their sum not.
    const big = { product: 'Big', quantity: 91_000, unitPrice: 100_000_000_00 };
    const total = await place(accountId, [big, big, big, big, big, big, big, big, big, big]);
    expect(total.status).toBe(400);
    expect(total.json.error.details.map((d: { path: string }) => d.path)).toEqual(['lines']);
    const most = await place(accountId, [{ product: 'Most', quantity: 900_719, unitPrice: 100_000_000_00 }]);
    expect(most.status).toBe(201);
    expect(most.json.total).toBe(900_719 * 100_000_000_00);
  });

  it('lets one of 2–10 racing identical moves win; the others get 409 and nothing is lost', async () => {
    const accountId = await newAccount();
    for (const racers of [2, 6, 10]) {
      const order = (await place(accountId)).json;
      const answers = await Promise.all(Array.from({ length: racers }, () => move(order.id, 'cancelled')));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(racers - 1);
      expect((await read(order.id)).version).toBe(2);
    }
  });
});

describe('fulfilled order → invoice', () => {
  it('issues exactly one invoice however often the event arrives, readable by id and on the account', async () => {
    const accountId = await newAccount();
    const order = (await place(accountId)).json;
    await move(order.id, 'in_fulfillment');
    const fulfilled = await move(order.id, 'fulfilled');
    expect(fulfilled.json.fulfilledAt).toBeDefined();
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: orderKey(accountId, order.id) }),
    );
    const domainEvent = toDomainEvent({
      eventName: 'MODIFY',
      dynamodb: {
        NewImage: marshall(Item, { removeUndefinedValues: true }) as never,
        OldImage: marshall(
          { ...Item, status: 'in_fulfillment', version: 2 },
          { removeUndefinedValues: true },
        ) as never,
      },
    });
    expect(domainEvent?.detailType).toBe('OrderStatusChanged');
    expect(domainEvent?.detail.change).toEqual({ field: 'status', from: 'in_fulfillment', to: 'fulfilled' });
    const event = { 'detail-type': 'OrderStatusChanged', detail: domainEvent?.detail } as EventBridgeEvent<
      'OrderStatusChanged',
      unknown
    >;
    for (const times of [1, 2, 3])
      await Promise.all(Array.from({ length: times }, () => issueInvoice(event)));
    const invoices = await call(listInvoices, 'GET', {
      resource: '/accounts/{id}/invoices',
      params: { id: accountId },
    });
    expect(invoices.json.items).toHaveLength(1);
    const invoice = invoices.json.items[0];
    expect(invoice).toMatchObject({
      total: order.total,
      currency: 'EUR',
      source: { kind: 'order', orderId: order.id },
    });
    expect(invoice.lines).toHaveLength(2);
    expect(Date.parse(invoice.dueAt) - Date.parse(invoice.issuedAt)).toBe(30 * 86_400_000);
    const byId = await call(getInvoice, 'GET', { resource: '/invoices/{id}', params: { id: invoice.id } });
    expect(byId.json).toEqual(invoice);
  });
});
