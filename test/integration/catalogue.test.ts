// The product catalogue and the orders it prices, against DynamoDB Local: products made, read, listed (on sale
// or off it, from an index) and changed (If-Match, SKU moves); racing creates or moves of one SKU with one
// winner; order lines from the catalogue (the list price unless one is agreed, the product as it was sold) or
// tailored (their own description and price); the engagement type from the lines or the caller; and an invoice
// that bills what was sold, whatever the catalogue says later. A table of its own, so lists are exact.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';
import { TESTER } from '../support/tester.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const table = await useOwnTable('catalogue');
const { documentClient } = await import('../../functions/platform/clients.ts');
const { toDomainEvent } = await import('../../functions/events/events.ts');
const { readItem } = await import('../../functions/platform/store.ts');
const { orderKey } = await import('../../functions/orders/entity.ts');
const issueInvoice = (
  (await import('../../functions/orders/handlers/issue-order-invoice.ts')) as {
    handler: (event: EventBridgeEvent<'OrderStatusChanged', unknown>) => Promise<unknown>;
  }
).handler;
const [
  createAccount,
  createProduct,
  listProducts,
  getProduct,
  updateProduct,
  createOrder,
  getOrder,
  updateOrder,
  listInvoices,
] = (await Promise.all(
  [
    'accounts/handlers/create-account',
    'orders/handlers/create-product',
    'orders/handlers/list-products',
    'orders/handlers/get-product',
    'orders/handlers/update-product',
    'orders/handlers/create-order',
    'orders/handlers/get-order',
    'orders/handlers/update-order',
    'orders/handlers/list-account-invoices',
  ].map((file) => loadHandler<Handler>(file)),
)) as [Handler, Handler, Handler, Handler, Handler, Handler, Handler, Handler, Handler];

const run = Date.now().toString(36).toUpperCase();
let made = 0;
/** A SKU no other test (or run) has used. */
const freshSku = () => `SKU-${run}-${++made}`;

const addProduct = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(createProduct, 'POST', { resource: '/products', body, ...(headers ? { headers } : {}) });
const product = async (body: Record<string, unknown> = {}) => {
  const answer = await addProduct({ name: 'Widget', sku: freshSku(), listPrice: 1999, ...body });
  expect(answer.status).toBe(201);
  return answer.json as { id: string; sku: string; name: string; listPrice: number; version: number };
};
const change = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(updateProduct, 'PATCH', {
    resource: '/products/{id}',
    params: { id },
    body,
    ...(headers ? { headers } : {}),
  });
const readProduct = (id: string) => call(getProduct, 'GET', { resource: '/products/{id}', params: { id } });
const list = (query: Record<string, string> = {}) =>
  call(listProducts, 'GET', { resource: '/products', query });
/** Every product of a list, page by page (of `limit`). */
async function listAll(query: Record<string, string>, limit = 2): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await list({ ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) });
    expect(page.status).toBe(200);
    expect(page.json.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.json.items.map((item: { id: string }) => item.id));
    cursor = page.json.nextCursor;
  } while (cursor !== null);
  return ids;
}

const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Shop' } })).json.id as string;
const place = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(createOrder, 'POST', { resource: '/orders', body, ...(headers ? { headers } : {}) });
const readOrder = async (id: string) =>
  (await call(getOrder, 'GET', { resource: '/orders/{id}', params: { id } })).json;
const move = (id: string, status: string) =>
  call(updateOrder, 'PATCH', { resource: '/orders/{id}', params: { id }, body: { status } });
const paths = (answer: { json: { error: { details: { path: string }[] } } }) =>
  answer.json.error.details.map((detail) => detail.path).sort();
/** The orders written under an account, read from the table itself. */
async function ordersUnder(accountId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':order': 'ORDER#' },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('the catalogue', () => {
  it('adds a product (defaults, Location, ETag), reads it, and refuses bad fields by name', async () => {
    const sku = freshSku();
    const made = await addProduct({ name: ' Widget ', sku, listPrice: 1999, description: 'A widget.' });
    expect(made.status).toBe(201);
    expect(made.headers.location).toBe(`/products/${made.json.id}`);
    expect(made.headers.etag).toBe('"1"');
    expect(made.json).toMatchObject({
      name: 'Widget',
      sku,
      listPrice: 1999,
      currency: 'EUR',
      description: 'A widget.',
      active: true,
      version: 1,
      createdBy: TESTER.id,
    });
    const read = await readProduct(made.json.id);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json).toEqual(made.json);
    expect((await readProduct('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);

    const bad = await addProduct({
      name: '',
      sku: 'has space',
      listPrice: -1,
      currency: 'eur',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['colour', 'currency', 'listPrice', 'name', 'sku']);
    expect(paths(await addProduct({ name: 'No price', sku: freshSku() }))).toEqual(['listPrice']);
  });

  it('answers a retried create with the same product (Idempotency-Key), and writes it once', async () => {
    const body = { name: 'Cable', sku: freshSku(), listPrice: 500 };
    const key = { 'Idempotency-Key': `cable-${run}` };
    const [first, second] = [await addProduct(body, key), await addProduct(body, key)];
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json.id).toBe(first.json.id);
    // Without the key, the same SKU again is another product: refused.
    const again = await addProduct(body);
    expect(again.status).toBe(409);
    expect(again.json.error.details).toEqual([
      { path: 'sku', message: `Already used by product ${first.json.id}.` },
    ]);
  });

  it('lets one of 2–8 racing creates of one SKU (in any case) win; the others get 409 naming sku', async () => {
    for (const racers of [2, 5, 8]) {
      const sku = freshSku();
      const answers = await Promise.all(
        Array.from({ length: racers }, (_, index) =>
          addProduct({
            name: `Racer ${index}`,
            sku: index % 2 === 0 ? sku : sku.toLowerCase(),
            listPrice: 100,
          }),
        ),
      );
      const winners = answers.filter((answer) => answer.status === 201);
      expect(winners).toHaveLength(1);
      const losers = answers.filter((answer) => answer.status === 409);
      expect(losers).toHaveLength(racers - 1);
      for (const loser of losers) {
        expect(loser.json.error.details).toEqual([
          { path: 'sku', message: `Already used by product ${winners[0]?.json.id}.` },
        ]);
      }
    }
  });

  it('changes a product on the version read: If-Match honoured, null removes, nothing changed → 400', async () => {
    const made = await product({ description: 'Old text' });
    const changed = await change(
      made.id,
      { name: 'Widget Pro', listPrice: 2499, description: null },
      {
        'If-Match': '"1"',
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json).toMatchObject({ name: 'Widget Pro', listPrice: 2499, version: 2 });
    expect(changed.json).not.toHaveProperty('description');
    const stale = await change(made.id, { listPrice: 1 }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await readProduct(made.id)).json).toEqual(changed.json);
    expect(paths(await change(made.id, {}))).toEqual(['body']);
    expect((await change('01ARZ3NDEKTSV4RRFFQ69G5FAV', { listPrice: 1 })).status).toBe(404);
  });

  it('moves a product to a free SKU (the old one is free then), and refuses a taken one', async () => {
    const [first, second] = [await product(), await product()];
    const taken = await change(first.id, { sku: second.sku.toLowerCase() });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details).toEqual([
      { path: 'sku', message: `Already used by product ${second.id}.` },
    ]);
    expect((await readProduct(first.id)).json).toMatchObject({ sku: first.sku, version: 1 });

    const moved = await change(first.id, { sku: freshSku() });
    expect(moved.status).toBe(200);
    // A change of case only is the same SKU: it stays the product's.
    expect((await change(first.id, { sku: moved.json.sku.toLowerCase() })).status).toBe(200);
    expect((await addProduct({ name: 'Clash', sku: moved.json.sku, listPrice: 1 })).status).toBe(409);
    const reuse = await addProduct({ name: 'Successor', sku: first.sku, listPrice: 1 });
    expect(reuse.status).toBe(201);

    // Two products racing to one new SKU: one gets it.
    const [a, b] = [await product(), await product()];
    const target = freshSku();
    const answers = await Promise.all([change(a.id, { sku: target }), change(b.id, { sku: target })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it('lists the catalogue in the order products were added, or those on sale or off it, page by page', async () => {
    const before = await listAll({});
    const [on, off, back] = [await product(), await product(), await product()];
    expect((await change(off.id, { active: false })).status).toBe(200);
    expect((await change(back.id, { active: false })).status).toBe(200);
    expect((await change(back.id, { active: true })).status).toBe(200);

    const all = await listAll({});
    expect(all).toEqual([...before, on.id, off.id, back.id]);
    const onSale = await listAll({ active: 'true' });
    expect(onSale).toEqual(expect.arrayContaining([on.id, back.id]));
    expect(onSale).not.toContain(off.id);
    const offSale = await listAll({ active: 'false' }, 1);
    expect(offSale).toContain(off.id);
    expect(offSale).not.toContain(on.id);
    expect(offSale).not.toContain(back.id);
    expect([...onSale, ...offSale].sort()).toEqual([...all].sort());

    expect(paths(await list({ active: 'yes' }))).toEqual(['query.active']);
    // A cursor of one list is no cursor of another.
    const page = await list({ active: 'true', limit: '1' });
    expect(page.json.nextCursor).not.toBeNull();
    expect((await list({ active: 'false', cursor: page.json.nextCursor })).status).toBe(400);
  });
});

describe('order lines', () => {
  it('take a catalogue product at its list price, or at an agreed one kept beside the list price', async () => {
    const accountId = await newAccount();
    const widget = await product({ name: 'Widget', listPrice: 1999 });
    const cable = await product({ name: 'Cable', listPrice: 500 });
    const order = await place({
      accountId,
      lines: [
        { productId: widget.id, quantity: 3 },
        { productId: cable.id, quantity: 2, unitPrice: 450 },
        { productId: cable.id, quantity: 1, unitPrice: 500 },
      ],
    });
    expect(order.status).toBe(201);
    expect(order.json.lines).toEqual([
      { productId: widget.id, product: 'Widget', sku: widget.sku, quantity: 3, unitPrice: 1999 },
      { productId: cable.id, product: 'Cable', sku: cable.sku, quantity: 2, unitPrice: 450, listPrice: 500 },
      { productId: cable.id, product: 'Cable', sku: cable.sku, quantity: 1, unitPrice: 500 },
    ]);
    expect(order.json).toMatchObject({ total: 3 * 1999 + 2 * 450 + 500, engagementType: 'standard' });
    expect(await readOrder(order.json.id)).toEqual(order.json);
  });

  it('refuse a product unknown, off sale or in another currency with 400 naming each line, writing nothing', async () => {
    const accountId = await newAccount();
    const fine = await product();
    const off = await product();
    await change(off.id, { active: false });
    const dollars = await product({ currency: 'USD' });
    const refused = await place({
      accountId,
      lines: [
        { productId: fine.id, quantity: 1 },
        { productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: 1 },
        { productId: off.id, quantity: 1 },
        { productId: dollars.id, quantity: 1, unitPrice: 100 },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([
      { path: 'lines.1.productId', message: 'No product 01ARZ3NDEKTSV4RRFFQ69G5FAV in the catalogue.' },
      { path: 'lines.2.productId', message: `Product ${off.sku} is not on sale.` },
      { path: 'lines.3.productId', message: `Product ${dollars.sku} is priced in USD; the order is in EUR.` },
    ]);
    expect(await ordersUnder(accountId)).toEqual([]);
    // In its own currency the product sells.
    const inDollars = await place({
      accountId,
      currency: 'USD',
      lines: [{ productId: dollars.id, quantity: 2 }],
    });
    expect(inDollars.status).toBe(201);
    expect(inDollars.json.total).toBe(2 * 1999);
    // A list price that makes the line inexact names the line's quantity.
    const dear = await product({ listPrice: 100_000_000_00 });
    const tooMany = await place({ accountId, lines: [{ productId: dear.id, quantity: 1_000_000 }] });
    expect(tooMany.status).toBe(400);
    expect(paths(tooMany)).toEqual(['lines.0.quantity']);
    const tooMuch = await place({
      accountId,
      lines: Array.from({ length: 10 }, () => ({ productId: dear.id, quantity: 91_000 })),
    });
    expect(paths(tooMuch)).toEqual(['lines']);
    expect(await ordersUnder(accountId)).toHaveLength(1);
  });

  it('are tailored work with their own description and price, or today’s product lines (tailored too)', async () => {
    const accountId = await newAccount();
    const tailored = await place({
      accountId,
      lines: [
        { description: 'Strategy workshop', quantity: 2, unitPrice: 120_000 },
        { product: 'Travel', quantity: 1, unitPrice: 30_000 },
      ],
      scope: 'Two workshops on the 2027 pricing strategy, with a written summary.',
    });
    expect(tailored.status).toBe(201);
    expect(tailored.json).toMatchObject({
      lines: [
        { product: 'Strategy workshop', quantity: 2, unitPrice: 120_000 },
        { product: 'Travel', quantity: 1, unitPrice: 30_000 },
      ],
      total: 270_000,
      engagementType: 'tailored',
      scope: 'Two workshops on the 2027 pricing strategy, with a written summary.',
    });
    expect(tailored.json.lines[0]).not.toHaveProperty('productId');

    const widget = await product();
    const shapes = await place({
      accountId,
      lines: [
        { description: 'Workshop', quantity: 1 },
        { productId: widget.id, description: 'Both', quantity: 1 },
        { quantity: 1, unitPrice: 5 },
        { product: 'Old name', description: 'New name', quantity: 1, unitPrice: 5 },
        { product: 'Fine', quantity: 1, unitPrice: 5 },
      ],
    });
    expect(shapes.status).toBe(400);
    expect(paths(shapes)).toEqual([
      'lines.0.unitPrice',
      'lines.1.description',
      'lines.2.productId',
      'lines.3.product',
    ]);
  });

  it('read their products in one bounded batch: 100 lines naming 50 products, each twice', async () => {
    const accountId = await newAccount();
    const fifty = await Promise.all(
      Array.from({ length: 50 }, (_, index) => product({ listPrice: index + 1 })),
    );
    const lines = [...fifty, ...fifty].map((item) => ({ productId: item.id, quantity: 1 }));
    const order = await place({ accountId, lines });
    expect(order.status).toBe(201);
    expect(order.json.lines.map((line: { productId: string }) => line.productId)).toEqual(
      lines.map((line) => line.productId),
    );
    expect(order.json.total).toBe(2 * ((50 * 51) / 2));
    expect(paths(await place({ accountId, lines: [...lines, lines[0]] }))).toEqual(['lines']);
  });

  it('answer a retried order as it was placed, even once its product is off sale', async () => {
    const accountId = await newAccount();
    const widget = await product();
    const body = { accountId, lines: [{ productId: widget.id, quantity: 1 }] };
    const key = { 'Idempotency-Key': `order-${run}` };
    const first = await place(body, key);
    expect(first.status).toBe(201);
    await change(widget.id, { active: false, listPrice: 1 });
    const again = await place(body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    expect((await place(body)).status).toBe(400);
  });
});

describe('engagement type', () => {
  it('is standard for catalogue lines only, tailored with any tailored line, or what the caller says', async () => {
    const accountId = await newAccount();
    const widget = await product();
    const catalogue = { productId: widget.id, quantity: 1 };
    const workshop = { description: 'Workshop', quantity: 1, unitPrice: 90_000 };
    const typeOf = async (body: Record<string, unknown>) => {
      const answer = await place({ accountId, ...body });
      expect(answer.status).toBe(201);
      return [answer.json.engagementType, answer.json.scope];
    };
    expect(await typeOf({ lines: [catalogue, catalogue] })).toEqual(['standard', undefined]);
    expect(await typeOf({ lines: [catalogue, workshop] })).toEqual(['tailored', undefined]);
    expect(await typeOf({ lines: [workshop], engagementType: 'standard' })).toEqual(['standard', undefined]);
    expect(
      await typeOf({ lines: [catalogue], engagementType: 'tailored', scope: 'Set-up of the widget fleet.' }),
    ).toEqual(['tailored', 'Set-up of the widget fleet.']);

    const scoped = await place({ accountId, lines: [catalogue], scope: 'A scope on a standard sale' });
    expect(scoped.status).toBe(400);
    expect(scoped.json.error.details).toEqual([
      {
        path: 'scope',
        message: 'A scope is for tailored work: set engagementType to tailored, or leave the scope out.',
      },
    ]);
    const both = await place({
      accountId,
      lines: [{ productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: 1 }],
      engagementType: 'standard',
      scope: 'x',
    });
    expect(paths(both)).toEqual(['lines.0.productId', 'scope']);
    expect(paths(await place({ accountId, lines: [catalogue], engagementType: 'bespoke' }))).toEqual([
      'engagementType',
    ]);
  });
});

describe('an invoice of catalogue lines', () => {
  it('bills the lines as they were sold: a price change before or after fulfilment changes nothing', async () => {
    const accountId = await newAccount();
    const widget = await product({ name: 'Widget', listPrice: 1999 });
    const order = (
      await place({
        accountId,
        lines: [
          { productId: widget.id, quantity: 3 },
          { description: 'Installation', quantity: 1, unitPrice: 15_000 },
        ],
      })
    ).json;
    // Re-priced and renamed before the order is fulfilled.
    expect((await change(widget.id, { listPrice: 2999, name: 'Widget 2' })).status).toBe(200);
    expect((await move(order.id, 'in_fulfillment')).status).toBe(200);
    expect((await move(order.id, 'fulfilled')).status).toBe(200);
    const stored = await readItem(orderKey(accountId, order.id));
    const event = toDomainEvent({
      eventName: 'MODIFY',
      dynamodb: {
        NewImage: marshall(stored, { removeUndefinedValues: true }) as never,
        OldImage: marshall(
          { ...stored, status: 'in_fulfillment', version: 2 },
          { removeUndefinedValues: true },
        ) as never,
      },
    });
    expect(event?.detailType).toBe('OrderStatusChanged');
    await issueInvoice({ 'detail-type': 'OrderStatusChanged', detail: event?.detail } as EventBridgeEvent<
      'OrderStatusChanged',
      unknown
    >);
    const invoices = async () =>
      (await call(listInvoices, 'GET', { resource: '/accounts/{id}/invoices', params: { id: accountId } }))
        .json.items;
    const [invoice] = await invoices();
    expect(invoice).toMatchObject({
      total: 3 * 1999 + 15_000,
      lines: [
        { description: 'Widget', sku: widget.sku, quantity: 3, unitPrice: 1999, amount: 3 * 1999 },
        { description: 'Installation', quantity: 1, unitPrice: 15_000, amount: 15_000 },
      ],
      source: { kind: 'order', orderId: order.id },
    });
    expect(invoice.lines[1]).not.toHaveProperty('sku');

    // And after: the order, its invoice and a redelivered event stay as they were.
    expect((await change(widget.id, { listPrice: 1, name: 'Widget 3', active: false })).status).toBe(200);
    await issueInvoice({ 'detail-type': 'OrderStatusChanged', detail: event?.detail } as EventBridgeEvent<
      'OrderStatusChanged',
      unknown
    >);
    expect(await invoices()).toEqual([invoice]);
    expect((await readOrder(order.id)).lines).toEqual(order.lines);
  });
});
