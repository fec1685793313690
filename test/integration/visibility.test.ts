// Record-level visibility against DynamoDB Local, with sales set to `own` (VISIBILITY): two sales members
// see disjoint account, deal and task lists — every page full, from the owner and assignee indexes — and
// get 404 for each other's records and for what lives under each other's accounts; service (`all`) and
// admins see everything.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { type CallResult, call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

await useOwnTable('visibility');
process.env.VISIBILITY = JSON.stringify({ sales: 'own' });
const handler = (name: string) => loadHandler<Handler>(name);
const h = {
  createMember: await handler('team/handlers/create-member'),
  createAccount: await handler('accounts/handlers/create-account'),
  listAccounts: await handler('accounts/handlers/list-accounts'),
  getAccount: await handler('accounts/handlers/get-account'),
  updateAccount: await handler('accounts/handlers/update-account'),
  createContact: await handler('accounts/handlers/create-contact'),
  listContacts: await handler('accounts/handlers/list-account-contacts'),
  findContacts: await handler('accounts/handlers/find-contacts'),
  logInteraction: await handler('accounts/handlers/log-interaction'),
  createDeal: await handler('sales/handlers/create-deal'),
  listDeals: await handler('sales/handlers/list-deals'),
  getDeal: await handler('sales/handlers/get-deal'),
  updateDeal: await handler('sales/handlers/update-deal'),
  listAccountDeals: await handler('sales/handlers/list-account-deals'),
  createTask: await handler('work/handlers/create-task'),
  listTasks: await handler('work/handlers/list-tasks'),
  getTask: await handler('work/handlers/get-task'),
  updateTask: await handler('work/handlers/update-task'),
  createTicket: await handler('service/handlers/create-ticket'),
  getTicket: await handler('service/handlers/get-ticket'),
  listTickets: await handler('service/handlers/list-tickets'),
  createOrder: await handler('orders/handlers/create-order'),
  getOrder: await handler('orders/handlers/get-order'),
  updateOrder: await handler('orders/handlers/update-order'),
};

interface Seller {
  readonly id: string;
  readonly sub: string;
  readonly accounts: string[];
  readonly deals: string[];
  readonly tasks: string[];
}

const run = Date.now().toString(36);
const PER_SELLER = 23;
const as = (who: { sub: string }, groups = ['sales']) => ({ sub: who.sub, groups });

async function member(name: string, roles: string[]) {
  const sub = `${name}-${run}`;
  const made = await call(h.createMember, 'POST', {
    resource: '/team',
    body: { name, email: `${sub}@clientele.test`, roles, userId: sub },
  });
  expect(made.status).toBe(201);
  return { id: made.json.id as string, sub };
}

/** Every page of a list, each checked full but the last. */
async function allPages(list: (cursor?: string) => Promise<CallResult>, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list(cursor);
    expect(page.status).toBe(200);
    const items = page.json.items as { id: string }[];
    ids.push(...items.map((item) => item.id));
    if (page.json.nextCursor === null) return ids;
    expect(items, 'a page before the last is full').toHaveLength(limit);
    cursor = page.json.nextCursor;
  }
}

const sellers: Seller[] = [];
let service: { id: string; sub: string };
let unowned: string;

beforeAll(async () => {
  for (const name of ['ada', 'bo'])
    sellers.push({ ...(await member(name, ['sales'])), accounts: [], deals: [], tasks: [] });
  service = await member('sam', ['service']);
  // Made by the admin, interleaved, so each seller's records are spread through the indexes.
  for (let n = 0; n < PER_SELLER; n++) {
    for (const seller of sellers) {
      const account = await call(h.createAccount, 'POST', {
        resource: '/accounts',
        body: {
          name: `${seller.sub} account ${n}`,
          ownerId: seller.id,
          lifecycleStage: n % 2 ? 'lead' : 'active',
        },
      });
      expect(account.status).toBe(201);
      seller.accounts.push(account.json.id);
      if (n < 4) {
        const deal = await call(h.createDeal, 'POST', {
          resource: '/deals',
          body: {
            accountId: account.json.id,
            title: `deal ${n}`,
            amount: 1000,
            currency: 'EUR',
            ownerId: seller.id,
          },
        });
        expect(deal.status).toBe(201);
        seller.deals.push(deal.json.id);
        const task = await call(h.createTask, 'POST', {
          resource: '/tasks',
          body: { title: `task ${n}`, assigneeId: seller.id, dueAt: '2027-01-01T09:00:00Z' },
        });
        expect(task.status).toBe(201);
        seller.tasks.push(task.json.id);
      }
    }
  }
  unowned = (await call(h.createAccount, 'POST', { resource: '/accounts', body: { name: 'Nobody’s' } })).json
    .id;
});

describe('sales with own visibility', () => {
  it('see disjoint account lists, their own and no others, every page full', async () => {
    const seen: string[][] = [];
    for (const seller of sellers) {
      const ids = await allPages(
        (cursor) =>
          call(h.listAccounts, 'GET', {
            resource: '/accounts',
            query: { limit: '5', ...(cursor === undefined ? {} : { cursor }) },
            ...as(seller),
          }),
        5,
      );
      expect(new Set(ids)).toEqual(new Set(seller.accounts));
      seen.push(ids);
    }
    expect(seen[0]?.some((id) => seen[1]?.includes(id))).toBe(false);
    // A filter still applies, over the seller's own accounts only (pages filled up, too).
    const [ada, bo] = sellers as [Seller, Seller];
    const active = await allPages(
      (cursor) =>
        call(h.listAccounts, 'GET', {
          resource: '/accounts',
          query: { lifecycleStage: 'active', limit: '4', ...(cursor === undefined ? {} : { cursor }) },
          ...as(ada),
        }),
      4,
    );
    expect(active).toHaveLength(Math.ceil(PER_SELLER / 2));
    for (const id of active) expect(ada.accounts).toContain(id);
    // Asking for someone else's accounts shows nothing.
    const theirs = await call(h.listAccounts, 'GET', {
      resource: '/accounts',
      query: { ownerId: bo.id },
      ...as(ada),
    });
    expect(theirs.json.items).toEqual([]);
  });

  it("get 404 for each other's accounts and everything under them, reading or writing", async () => {
    const [ada, bo] = sellers as [Seller, Seller];
    const theirs = bo.accounts[0] ?? '';
    const params = { id: theirs };
    const answers = [
      await call(h.getAccount, 'GET', { resource: '/accounts/{id}', params, ...as(ada) }),
      await call(h.updateAccount, 'PATCH', {
        resource: '/accounts/{id}',
        params,
        body: { name: 'Mine now' },
        ...as(ada),
      }),
      await call(h.listContacts, 'GET', { resource: '/accounts/{id}/contacts', params, ...as(ada) }),
      await call(h.createContact, 'POST', {
        resource: '/accounts/{id}/contacts',
        params,
        body: { name: 'Spy' },
        ...as(ada),
      }),
      await call(h.logInteraction, 'POST', {
        resource: '/accounts/{id}/interactions',
        params,
        body: { channel: 'note', subject: 'peek' },
        ...as(ada),
      }),
      await call(h.listAccountDeals, 'GET', { resource: '/accounts/{id}/deals', params, ...as(ada) }),
      await call(h.createDeal, 'POST', {
        resource: '/deals',
        body: { accountId: theirs, title: 'Poach', amount: 1, currency: 'EUR' },
        ...as(ada),
      }),
      await call(h.getAccount, 'GET', { resource: '/accounts/{id}', params: { id: unowned }, ...as(ada) }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(404);
      expect(answer.json.error.code).toBe('NotFound');
    }
    // Nothing was changed or added.
    const read = await call(h.getAccount, 'GET', { resource: '/accounts/{id}', params, ...as(bo) });
    expect(read.status).toBe(200);
    expect(read.json.version).toBe(1);
    const contacts = await call(h.listContacts, 'GET', {
      resource: '/accounts/{id}/contacts',
      params,
      ...as(bo),
    });
    expect(contacts.json.items).toEqual([]);
  });

  it("get 404 for the tickets and orders of each other's accounts, read or changed by id", async () => {
    const [ada, bo] = sellers as [Seller, Seller];
    const accountId = bo.accounts[2] ?? '';
    const ticket = await call(h.createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId, problem: 'Late' },
    });
    const order = await call(h.createOrder, 'POST', {
      resource: '/orders',
      body: { accountId, lines: [{ product: 'Widget', quantity: 1, unitPrice: 100 }] },
    });
    expect([ticket.status, order.status]).toEqual([201, 201]);
    const ticketPath = { resource: '/tickets/{id}', params: { id: ticket.json.id } };
    const orderPath = { resource: '/orders/{id}', params: { id: order.json.id } };
    expect((await call(h.getTicket, 'GET', { ...ticketPath, ...as(ada) })).status).toBe(404);
    expect((await call(h.getOrder, 'GET', { ...orderPath, ...as(ada) })).status).toBe(404);
    const move = await call(h.updateOrder, 'PATCH', {
      ...orderPath,
      body: { status: 'cancelled' },
      ...as(ada),
    });
    expect(move.status).toBe(404);
    expect((await call(h.getTicket, 'GET', { ...ticketPath, ...as(bo) })).status).toBe(200);
    // The queue across accounts is not theirs to read; per account it is.
    const queue = await call(h.listTickets, 'GET', { resource: '/tickets', ...as(ada) });
    expect(queue.status).toBe(400);
    expect(queue.json.error.details[0].message).toContain('/accounts/{id}/tickets');
    expect(
      (await call(h.listTickets, 'GET', { resource: '/tickets', ...as(service, ['service']) })).status,
    ).toBe(200);
    expect((await call(h.getOrder, 'GET', { ...orderPath, ...as(bo) })).json.status).toBe('placed');
  });

  it('are not told whose contact an e-mail address already belongs to', async () => {
    const [ada, bo] = sellers as [Seller, Seller];
    const email = `taken-${run}@example.org`;
    const first = await call(h.createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: bo.accounts[3] ?? '' },
      body: { name: 'First', email },
      ...as(bo),
    });
    expect(first.status).toBe(201);
    const again = (who: Seller, accountId: string) =>
      call(h.createContact, 'POST', {
        resource: '/accounts/{id}/contacts',
        params: { id: accountId },
        body: { name: 'Again', email },
        ...as(who),
      });
    const hidden = await again(ada, ada.accounts[3] ?? '');
    expect(hidden.status).toBe(409);
    expect(hidden.text).not.toContain(first.json.id);
    expect(hidden.text).not.toContain(bo.accounts[3]);
    const named = await again(bo, bo.accounts[4] ?? '');
    expect(named.status).toBe(409);
    expect(named.text).toContain(first.json.id);
  });

  it('find a contact by e-mail only on their own accounts', async () => {
    const [ada, bo] = sellers as [Seller, Seller];
    const email = `buyer-${run}@example.org`;
    const made = await call(h.createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: bo.accounts[1] ?? '' },
      body: { name: 'Buyer', email },
      ...as(bo),
    });
    expect(made.status).toBe(201);
    const query = { email };
    expect(
      (await call(h.findContacts, 'GET', { resource: '/contacts', query, ...as(bo) })).json.items,
    ).toHaveLength(1);
    expect(
      (await call(h.findContacts, 'GET', { resource: '/contacts', query, ...as(ada) })).json.items,
    ).toEqual([]);
  });

  it("see only their own deals and tasks, and get 404 for each other's", async () => {
    const [ada, bo] = sellers as [Seller, Seller];
    for (const seller of sellers) {
      const deals = await allPages(
        (cursor) =>
          call(h.listDeals, 'GET', {
            resource: '/deals',
            query: { limit: '3', ...(cursor === undefined ? {} : { cursor }) },
            ...as(seller),
          }),
        3,
      );
      expect(new Set(deals)).toEqual(new Set(seller.deals));
      const tasks = await allPages(
        (cursor) =>
          call(h.listTasks, 'GET', {
            resource: '/tasks',
            query: { limit: '3', ...(cursor === undefined ? {} : { cursor }) },
            ...as(seller),
          }),
        3,
      );
      expect(new Set(tasks)).toEqual(new Set(seller.tasks));
    }
    const deal = { id: bo.deals[0] ?? '' };
    const task = { id: bo.tasks[0] ?? '' };
    for (const answer of [
      await call(h.getDeal, 'GET', { resource: '/deals/{id}', params: deal, ...as(ada) }),
      await call(h.updateDeal, 'PATCH', {
        resource: '/deals/{id}',
        params: deal,
        body: { title: 'x' },
        ...as(ada),
      }),
      await call(h.getTask, 'GET', { resource: '/tasks/{id}', params: task, ...as(ada) }),
      await call(h.updateTask, 'PATCH', {
        resource: '/tasks/{id}',
        params: task,
        body: { title: 'x' },
        ...as(ada),
      }),
    ]) {
      expect(answer.status, answer.text).toBe(404);
    }
    expect(
      (await call(h.getDeal, 'GET', { resource: '/deals/{id}', params: deal, ...as(bo) })).json.version,
    ).toBe(1);
  });

  it('own the accounts they make without naming an owner', async () => {
    const [ada] = sellers as [Seller];
    const made = await call(h.createAccount, 'POST', {
      resource: '/accounts',
      body: { name: 'Found it' },
      ...as(ada),
    });
    expect(made.status).toBe(201);
    expect(made.json.ownerId).toBe(ada.id);
    expect(
      (
        await call(h.getAccount, 'GET', {
          resource: '/accounts/{id}',
          params: { id: made.json.id },
          ...as(ada),
        })
      ).status,
    ).toBe(200);
  });
});

describe('roles that see all', () => {
  it('service and admin list every account and read each', async () => {
    const everyone = [...(sellers[0]?.accounts ?? []), ...(sellers[1]?.accounts ?? []), unowned];
    for (const caller of [as(service, ['service']), { sub: 'tester', groups: ['admin'] }]) {
      const ids = await allPages(
        (cursor) =>
          call(h.listAccounts, 'GET', {
            resource: '/accounts',
            query: { limit: '100', ...(cursor === undefined ? {} : { cursor }) },
            ...caller,
          }),
        100,
      );
      for (const id of everyone) expect(ids).toContain(id);
      const one = await call(h.getAccount, 'GET', {
        resource: '/accounts/{id}',
        params: { id: sellers[1]?.accounts[0] ?? '' },
        ...caller,
      });
      expect(one.status).toBe(200);
    }
  });
});
