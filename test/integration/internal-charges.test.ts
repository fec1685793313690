// Internal accounts' bills against DynamoDB Local: a department's fulfilled order and its retainer month are
// charged to its cost centre (CHG-<year>-<n>, not payable, never in the invoices' numbering), however often the
// event arrives or the job runs; an external account is invoiced as before; an account moved between internal
// and external while its bill is redelivered still has one bill; charges issued concurrently are numbered
// gap-free apart from the invoices; each bill moves the report's counters of its kind once (one from before the
// engagement type was kept, by its lines). And a task made without an assignee names the linked client's
// manager only to a maker who sees the client (sales see their own accounts here).
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

// A table of its own: its counters (the year's invoice and charge numbers) are this file's alone.
await useOwnTable('internal-charges');
process.env.VISIBILITY = JSON.stringify({ sales: { accounts: 'own' } });

type Http = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type OnEvent = (event: unknown, context: Context) => Promise<unknown>;
const http = (name: string) => loadHandler<Http>(name);
const h = {
  createMember: await http('team/handlers/create-member'),
  createTask: await http('work/handlers/create-task'),
  createAccount: await http('accounts/handlers/create-account'),
  updateAccount: await http('accounts/handlers/update-account'),
  createOrder: await http('orders/handlers/create-order'),
  updateOrder: await http('orders/handlers/update-order'),
  getCharge: await http('orders/handlers/get-charge'),
  listCharges: await http('orders/handlers/list-account-charges'),
  listInvoices: await http('orders/handlers/list-account-invoices'),
  billOrder: await loadHandler<OnEvent>('orders/handlers/issue-order-invoice'),
  retainers: await loadHandler<(event: unknown) => Promise<unknown>>(
    'orders/handlers/issue-retainer-invoices',
  ),
};
const { readItem } = await import('../../functions/platform/store.ts');
const { orderKey, chargeCounterKey, invoiceCounterKey } = await import('../../functions/orders/entity.ts');
const { issueBill } = await import('../../functions/orders/order-store.ts');
const { retainerBill } = await import('../../functions/orders/order.ts');
const { toDomainEvent } = await import('../../functions/events/events.ts');
const { incrementsOf } = await import('../../functions/reporting/stats.ts');
const { marshall } = await import('@aws-sdk/util-dynamodb');

const CHARGE_NUMBER = /^CHG-(\d{4})-(\d{6})$/;

async function account(body: Record<string, unknown>): Promise<string> {
  const made = await call(h.createAccount, 'POST', {
    resource: '/accounts',
    body: { name: 'Dept', ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json.id;
}
const patchAccount = (id: string, body: Record<string, unknown>) =>
  call(h.updateAccount, 'PATCH', { resource: '/accounts/{id}', params: { id }, body });
const chargesOf = async (id: string) =>
  (await call(h.listCharges, 'GET', { resource: '/accounts/{id}/charges', params: { id } })).json.items;
const invoicesOf = async (id: string) =>
  (await call(h.listInvoices, 'GET', { resource: '/accounts/{id}/invoices', params: { id } })).json.items;

/** Place an order, move it to fulfilled, and return the OrderStatusChanged event the stream would announce. */
async function fulfilledOrder(accountId: string) {
  const placed = await call(h.createOrder, 'POST', {
    resource: '/orders',
    body: {
      accountId,
      lines: [{ description: 'Network audit', quantity: 2, unitPrice: 900_00 }],
      scope: 'Audit of the Lyon site network',
    },
  });
  expect(placed.status, placed.text).toBe(201);
  const move = (status: string) =>
    call(h.updateOrder, 'PATCH', {
      resource: '/orders/{id}',
      params: { id: placed.json.id },
      body: { status },
    });
  expect((await move('in_fulfillment')).status).toBe(200);
  expect((await move('fulfilled')).status).toBe(200);
  const item = await readItem(orderKey(accountId, placed.json.id));
  const event = toDomainEvent({
    eventName: 'MODIFY',
    dynamodb: {
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      OldImage: marshall(
        { ...item, status: 'in_fulfillment', version: 2 },
        { removeUndefinedValues: true },
      ) as never,
    },
  });
  expect(event?.detailType).toBe('OrderStatusChanged');
  return { order: placed.json, event: { 'detail-type': event?.detailType, detail: event?.detail } };
}

const deliver = async (event: unknown, times: number) => {
  await Promise.all(Array.from({ length: times }, () => h.billOrder(event, {} as Context)));
};

describe('an internal account is charged, not invoiced', () => {
  it('charges a fulfilled order to the cost centre once, however often the event arrives', async () => {
    const department = await account({
      audience: 'internal',
      billing: { model: 'per_purchase', costCentre: 'CC-4100' },
    });
    const { order, event } = await fulfilledOrder(department);
    for (const times of [1, 2, 3]) await deliver(event, times);
    const charges = await chargesOf(department);
    expect(charges).toHaveLength(1);
    const [charge] = charges;
    expect(charge).toMatchObject({
      accountId: department,
      costCentre: 'CC-4100',
      total: order.total,
      currency: 'EUR',
      engagementType: 'tailored',
      source: { kind: 'order', orderId: order.id },
      lines: [{ description: 'Network audit', quantity: 2, unitPrice: 900_00, amount: 1_800_00 }],
    });
    expect(charge.number).toMatch(CHARGE_NUMBER);
    // Not payable: no due date; and nothing in the invoices.
    expect(charge).not.toHaveProperty('dueAt');
    expect(await invoicesOf(department)).toEqual([]);
    const byId = await call(h.getCharge, 'GET', { resource: '/charges/{id}', params: { id: charge.id } });
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual(charge);
    const missing = await call(h.getCharge, 'GET', {
      resource: '/charges/{id}',
      params: { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    });
    expect(missing.status).toBe(404);
  });

  it('invoices an external account as before, and keeps one bill when the audience changes in between', async () => {
    const shop = await account({ name: 'Shop', billing: { model: 'per_purchase', costCentre: 'CC-9' } });
    const first = await fulfilledOrder(shop);
    await deliver(first.event, 2);
    const [invoice] = await invoicesOf(shop);
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(invoice).not.toHaveProperty('costCentre');
    expect(Date.parse(invoice.dueAt) - Date.parse(invoice.issuedAt)).toBe(30 * 86_400_000);
    // Reclassified as a department, then the same event again: still the one invoice, no charge.
    expect((await patchAccount(shop, { audience: 'internal' })).status).toBe(200);
    await deliver(first.event, 3);
    expect(await invoicesOf(shop)).toEqual([invoice]);
    expect(await chargesOf(shop)).toEqual([]);

    // And the other way round: charged as internal, redelivered once external — still the one charge.
    const department = await account({ audience: 'internal' });
    const second = await fulfilledOrder(department);
    await deliver(second.event, 1);
    const [charge] = await chargesOf(department);
    expect(charge).not.toHaveProperty('costCentre');
    expect((await patchAccount(department, { audience: 'external' })).status).toBe(200);
    await deliver(second.event, 3);
    expect(await chargesOf(department)).toEqual([charge]);
    expect(await invoicesOf(department)).toEqual([]);
  });

  it("charges an internal client's retainer each month once, beside the external clients' invoices", async () => {
    const internalClient = await account({
      audience: 'internal',
      relationship: 'client',
      lifecycleStage: 'active',
      billing: { model: 'retainer', monthlyFee: 4_000_00, costCentre: 'CC-7200' },
    });
    const externalClient = await account({
      relationship: 'client',
      lifecycleStage: 'active',
      billing: { model: 'retainer', monthlyFee: 2_500_00 },
    });
    const runs = await Promise.all(
      Array.from({ length: 3 }, () =>
        h.retainers({ schedule: 'retainer-invoices', time: '2037-05-01T06:00:00Z' }),
      ),
    );
    const total = (field: string) =>
      runs.reduce((sum: number, run) => sum + Number((run as Record<string, number>)[field]), 0);
    // This file's table: its two retainer clients, billed once between the three runs.
    expect(total('charged')).toBe(1);
    expect(total('issued')).toBe(1);
    const [charge] = await chargesOf(internalClient);
    expect(charge).toMatchObject({
      number: 'CHG-2037-000001',
      costCentre: 'CC-7200',
      total: 4_000_00,
      engagementType: 'tailored',
      source: { kind: 'retainer', month: '2037-05' },
    });
    expect(await invoicesOf(internalClient)).toEqual([]);
    const [invoice] = await invoicesOf(externalClient);
    expect(invoice).toMatchObject({
      number: 'INV-2037-000001',
      source: { kind: 'retainer', month: '2037-05' },
    });
    expect(await chargesOf(externalClient)).toEqual([]);
  });

  it('numbers charges issued concurrently gap-free, apart from the invoices', async () => {
    const departments = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        account({ audience: 'internal', billing: { model: 'retainer', monthlyFee: (n + 1) * 100_00 } }),
      ),
    );
    const at = new Date('2038-02-01T06:00:00Z');
    const bills = await Promise.all(
      departments.map((id) =>
        issueBill(retainerBill({ id, billing: { monthlyFee: 100_00 } }, at), { audience: 'internal' }, at),
      ),
    );
    const numbers = bills
      .map(({ bill }) => Number(CHARGE_NUMBER.exec(bill.bill.number)?.[2]))
      .sort((a, b) => a - b);
    expect(bills.every(({ bill, issued }) => bill.kind === 'charge' && issued)).toBe(true);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await readItem(chargeCounterKey('2038')))?.last).toBe(8);
    expect(await readItem(invoiceCounterKey('2038'))).toBeUndefined();
  });
});

describe("a bill's counters", () => {
  it('count invoices and charges apart, by engagement type, on the day each was issued', () => {
    const data = (engagementType?: string) => ({
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      total: 1_250_00,
      currency: 'EUR',
      issuedAt: '2026-11-30T23:59:00.000Z',
      ...(engagementType === undefined ? {} : { engagementType }),
    });
    const of = (detailType: string, engagementType?: string) =>
      Object.fromEntries(
        incrementsOf({
          detailType,
          eventId: 'e',
          occurredAt: '2026-12-01T00:00:05.000Z',
          data: data(engagementType),
        }),
      );
    expect(of('InvoiceIssued', 'standard')).toEqual({
      '2026-11-30': {
        'billing.invoices.issued': 1,
        'billing.invoices.amount.EUR': 1_250_00,
        'billing.invoices.engagement.standard.issued': 1,
        'billing.invoices.engagement.standard.amount.EUR': 1_250_00,
      },
    });
    // A bill from before the engagement type was kept: a retainer or an order of tailored lines.
    expect(of('ChargeIssued')).toEqual({
      '2026-11-30': {
        'billing.charges.issued': 1,
        'billing.charges.amount.EUR': 1_250_00,
        'billing.charges.engagement.tailored.issued': 1,
        'billing.charges.engagement.tailored.amount.EUR': 1_250_00,
      },
    });
  });

  it("judge a bill from before the engagement type by its lines, as its order's default was", () => {
    const engagement = (data: Record<string, unknown>) =>
      Object.keys(
        incrementsOf({
          detailType: 'InvoiceIssued',
          eventId: 'e',
          occurredAt: '2026-12-01T00:00:05.000Z',
          data: { total: 500_00, currency: 'EUR', issuedAt: '2026-12-01T00:00:00.000Z', ...data },
        }).get('2026-12-01') ?? {},
      ).find((name) => name.endsWith('.issued') && name.includes('.engagement.'));
    const catalogue = { description: 'Router', sku: 'RT-1', quantity: 1, unitPrice: 500_00, amount: 500_00 };
    const tailored = { description: 'Set-up', quantity: 1, unitPrice: 100_00, amount: 100_00 };
    const order = { kind: 'order', orderId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' };
    // An order of catalogue lines only (each with its SKU) was a standard sale…
    expect(engagement({ source: order, lines: [catalogue, catalogue] })).toBe(
      'billing.invoices.engagement.standard.issued',
    );
    // …one with a tailored line, a retainer, or a bill without lines, tailored work.
    expect(engagement({ source: order, lines: [catalogue, tailored] })).toBe(
      'billing.invoices.engagement.tailored.issued',
    );
    expect(engagement({ source: { kind: 'retainer', month: '2026-12' }, lines: [tailored] })).toBe(
      'billing.invoices.engagement.tailored.issued',
    );
    expect(engagement({ source: order, lines: [] })).toBe('billing.invoices.engagement.tailored.issued');
    // The type kept on the bill wins.
    expect(engagement({ source: order, lines: [catalogue], engagementType: 'tailored' })).toBe(
      'billing.invoices.engagement.tailored.issued',
    );
  });
});

describe('POST /tasks without an assignee, under `own` account visibility', () => {
  it("names the linked client's manager only to a maker who sees the client", async () => {
    const stamp = Date.now().toString(36);
    const member = async (name: string, roles: string[]) => {
      const made = await call(h.createMember, 'POST', {
        resource: '/team',
        body: { name, email: `${name}.${stamp}@clientele.test`, roles, userId: `${name}-${stamp}` },
      });
      expect(made.status, made.text).toBe(201);
      return { id: made.json.id as string, sub: `${name}-${stamp}` };
    };
    const [owner, other, manager] = await Promise.all([
      member('owner', ['sales']),
      member('other', ['sales']),
      member('manager', ['service']),
    ]);
    const client = await account({
      name: 'Client',
      relationship: 'client',
      ownerId: owner.id,
      accountManagerId: manager.id,
    });
    const task = (as: { sub: string }) =>
      call(h.createTask, 'POST', {
        resource: '/tasks',
        body: { title: 'Quarterly review', dueAt: '2026-12-14T09:00:00Z', links: { accountId: client } },
        sub: as.sub,
        groups: ['sales'],
      });
    const byOwner = await task(owner);
    expect(byOwner.status, byOwner.text).toBe(201);
    expect(byOwner.json.assigneeId).toBe(manager.id);
    // Another seller does not see the client: the task is made, but names no one they could not see.
    const byOther = await task(other);
    expect(byOther.status, byOther.text).toBe(201);
    expect(byOther.json).not.toHaveProperty('assigneeId');
  });
});
