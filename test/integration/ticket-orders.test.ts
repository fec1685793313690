// A ticket about an order (a return, a dispute, an installation) against DynamoDB Local: the order must be one
// of the ticket's account — on opening and on a change — or the request is a 400 naming `orderId`, nothing
// written; the ticket's links follow its order.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createOrder } from '../../functions/orders/handlers/create-order.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as listAccountTickets } from '../../functions/service/handlers/list-account-tickets.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Shop' } })).json.id as string;
const place = async (accountId: string) => {
  const order = await call(createOrder, 'POST', {
    resource: '/orders',
    body: { accountId, lines: [{ product: 'Router X2', quantity: 1, unitPrice: 12_900 }] },
  });
  expect(order.status).toBe(201);
  return order.json.id as string;
};
const open = (body: Record<string, unknown>) => call(createTicket, 'POST', { resource: '/tickets', body });
const patch = (id: string, body: Record<string, unknown>) =>
  call(updateTicket, 'PATCH', { resource: '/tickets/{id}', params: { id }, body });
const read = async (id: string) =>
  (await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id } })).json;
const ticketsOf = async (accountId: string) =>
  (await call(listAccountTickets, 'GET', { resource: '/accounts/{id}/tickets', params: { id: accountId } }))
    .json.items as unknown[];

describe('a ticket about an order', () => {
  it('opens with an order of its account, linked; refuses another account’s or an unknown one by field', async () => {
    const assigneeId = await staff(['service']);
    const [accountId, otherAccountId] = await Promise.all([newAccount(), newAccount()]);
    const [orderId, foreignOrderId] = await Promise.all([place(accountId), place(otherAccountId)]);

    const created = await open({ accountId, orderId, problem: 'Arrived broken: return it', assigneeId });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ orderId, links: { accountId, orderId } });
    expect(await read(created.json.id)).toMatchObject({ orderId, links: { accountId, orderId } });

    for (const bad of [foreignOrderId, '01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      const refused = await open({ accountId, orderId: bad, problem: 'Not mine', assigneeId });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details).toEqual([
        { path: 'orderId', message: 'No such order on this account.' },
      ]);
    }
    // With a contact too (the order is checked after it): an unknown contact is still a 404, a bad order a 400.
    const refused = await open({
      accountId,
      contactId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      orderId,
      problem: 'x',
      assigneeId,
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.message).toContain('Contact');
    expect((await open({ accountId, orderId: 'nope', problem: 'x' })).json.error.details).toEqual([
      expect.objectContaining({ path: 'orderId' }),
    ]);
    // Nothing but the first ticket was written.
    expect(await ticketsOf(accountId)).toHaveLength(1);
  });

  it('takes, changes and drops its order with a change; another account’s order is a 400, nothing written', async () => {
    const assigneeId = await staff(['service']);
    const [accountId, otherAccountId] = await Promise.all([newAccount(), newAccount()]);
    const [first, second, foreign] = await Promise.all([
      place(accountId),
      place(accountId),
      place(otherAccountId),
    ]);
    const { id } = (await open({ accountId, problem: 'Installation booked for Monday', assigneeId })).json;

    const linked = await patch(id, { orderId: first, status: 'open' });
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ orderId: first, status: 'open', links: { orderId: first } });

    const refused = await patch(id, { orderId: foreign });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([
      { path: 'orderId', message: 'No such order on this account.' },
    ]);
    expect(await read(id)).toMatchObject({ orderId: first, version: linked.json.version });

    expect((await patch(id, { orderId: second })).json).toMatchObject({
      orderId: second,
      links: { accountId, orderId: second },
    });
    const dropped = (await patch(id, { orderId: null })).json;
    expect(dropped.orderId).toBeUndefined();
    expect(dropped.links).toEqual({ accountId });
  });
});
