// GET /search against DynamoDB Local, on a table of its own with sales set to `own` visibility. Records are made
// through the API and their events handed to the KeepSearchIndex rule's handler as the stream would (twice for
// some: a redelivery); then the query language as a user types it — prefixes, umlauts and German spellings,
// e-mail domains, phone numbers in any format, several words, types and filters — the ranking, what each
// member may see, bad queries (400 naming the field), and changes, removals, erasures leaving the index right.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/proxy-event.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type RuleHandler = (event: unknown, context: Context) => Promise<void>;

await useOwnTable('search');
process.env.VISIBILITY = JSON.stringify({ sales: 'own' });
const handler = (name: string) => loadHandler<Handler>(name);
const h = {
  createMember: await handler('team/handlers/create-member'),
  createAccount: await handler('accounts/handlers/create-account'),
  updateAccount: await handler('accounts/handlers/update-account'),
  createContact: await handler('accounts/handlers/create-contact'),
  deleteContact: await handler('accounts/handlers/delete-contact'),
  createDeal: await handler('sales/handlers/create-deal'),
  createTicket: await handler('service/handlers/create-ticket'),
  eraseContact: await handler('lifecycle/handlers/erase-contact'),
  search: await handler('search/handlers/search'),
};
const keepIndex = (await loadHandler<RuleHandler>('search/handlers/keep-search-index')) as RuleHandler;

const run = Date.now().toString(36);

/** What the stream would announce, handed to the rule. */
async function announce(detailType: string, entity: string, id: string, data?: unknown, previous?: unknown) {
  await keepIndex(
    {
      'detail-type': detailType,
      source: 'clientele',
      detail: {
        eventId: ulid(),
        entity,
        id,
        ...(data === undefined ? {} : { data }),
        ...(previous === undefined ? {} : { previous }),
      },
    },
    lambdaContext('keep-search-index'),
  );
}

async function member(name: string, roles: string[]) {
  const sub = `${name}-${run}`;
  const made = await call(h.createMember, 'POST', {
    resource: '/team',
    body: { name, email: `${sub}@clientele.test`, roles, userId: sub },
  });
  expect(made.status, made.text).toBe(201);
  return { id: made.json.id as string, sub };
}

async function made(create: Handler, resource: string, body: unknown, params?: Record<string, string>) {
  const answer = await call(create, 'POST', { resource, body, ...(params === undefined ? {} : { params }) });
  expect(answer.status, answer.text).toBe(201);
  return answer.json;
}

const search = (query: Record<string, string>, who?: { sub: string; groups: string[] }) =>
  call(h.search, 'GET', {
    resource: '/search',
    query,
    ...(who === undefined ? {} : { sub: who.sub, groups: who.groups }),
  });
const found = async (
  q: string,
  extra: Record<string, string> = {},
  who?: { sub: string; groups: string[] },
) => {
  const answer = await search({ q, ...extra }, who);
  expect(answer.status, answer.text).toBe(200);
  return (answer.json.items as { id: string }[]).map((item) => item.id);
};

const ids = { berger: '', bergmann: '', max: '', anna: '', deal: '', ticket: '' };
let ada: { id: string; sub: string };
let bo: { id: string; sub: string };
let sam: { id: string; sub: string };

beforeAll(async () => {
  ada = await member('ada', ['sales']);
  bo = await member('bo', ['sales']);
  sam = await member('sam', ['service']);
  const berger = await made(h.createAccount, '/accounts', {
    name: 'Berger Consulting GmbH',
    ownerId: ada.id,
    relationship: 'client',
    tags: ['Premium'],
  });
  const bergmann = await made(h.createAccount, '/accounts', { name: 'Bergmann Bau', ownerId: bo.id });
  const max = await made(
    h.createContact,
    '/accounts/{id}/contacts',
    { name: 'Max Müller', email: `max@berger-consulting-${run}.de`, phone: '+49 30 1234567' },
    { id: berger.id },
  );
  const anna = await made(
    h.createContact,
    '/accounts/{id}/contacts',
    { name: 'Anna Berger' },
    { id: bergmann.id },
  );
  const deal = await made(h.createDeal, '/deals', {
    accountId: berger.id,
    title: 'Rahmenvertrag Beratung',
    amount: 120_000,
    currency: 'EUR',
    ownerId: ada.id,
  });
  const ticket = await made(h.createTicket, '/tickets', {
    accountId: bergmann.id,
    product: 'Router X200',
    problem: 'Verbindung bricht täglich ab',
  });
  Object.assign(ids, {
    berger: berger.id,
    bergmann: bergmann.id,
    max: max.id,
    anna: anna.id,
    deal: deal.id,
    ticket: ticket.id,
  });
  for (const [type, entity, record] of [
    ['AccountCreated', 'Account', berger],
    ['AccountCreated', 'Account', bergmann],
    ['ContactCreated', 'Contact', max],
    ['ContactCreated', 'Contact', anna],
    ['DealCreated', 'Deal', deal],
    ['TicketOpened', 'Ticket', ticket],
  ] as const) {
    await announce(type, entity, record.id, record);
  }
  // Redelivered: nothing changes.
  await announce('ContactCreated', 'Contact', max.id, max);
});

describe('GET /search', () => {
  it('finds by prefix as you type, folding umlauts and German spellings, e-mail domains and phone formats', async () => {
    for (const q of ['Müller', 'muller', 'Mueller', 'mül', 'MAX MÜ'])
      expect(await found(q), q).toEqual([ids.max]);
    expect(await found(`berger-consulting-${run}`)).toEqual([ids.max]);
    for (const q of ['+49 30 1234', '030/1234', '0049 30 123 45', '030 1234567']) {
      expect(await found(q), q).toEqual([ids.max]);
    }
    expect(await found('rahmenv')).toEqual([ids.deal]);
    expect(await found('x200')).toEqual([ids.ticket]);
    expect(await found('taglich verbindung')).toEqual([ids.ticket]);
    expect(await found('premium')).toEqual([ids.berger]);
  });

  it('ranks whole words first, then names before other fields, and says what matched with a result line', async () => {
    // "berger": the account and Anna by name (whole word), Max by his e-mail domain; Bergmann is a longer word.
    const answer = await search({ q: 'berger' });
    const items = answer.json.items as Record<string, unknown>[];
    expect(items.map((item) => item.id)).toEqual([ids.anna, ids.berger, ids.max]);
    expect(items[2]).toMatchObject({
      type: 'contact',
      matched: 'email',
      exact: true,
      accountName: 'Berger Consulting GmbH',
    });
    const prefix = await found('berg');
    expect(prefix).toHaveLength(4);
    expect(prefix.slice(-1)).toEqual([ids.max]);
    const line = ((await search({ q: 'rahmen' })).json.items as Record<string, unknown>[])[0];
    expect(line).toMatchObject({
      type: 'deal',
      name: 'Rahmenvertrag Beratung',
      matched: 'title',
      exact: false,
      stage: 'prospecting',
      accountName: 'Berger Consulting GmbH',
    });
    // Several words narrow.
    expect(await found('berger consulting')).toEqual([ids.berger, ids.max]);
    expect(await found('berger bau')).toEqual([]);
  });

  it('narrows by type and filter', async () => {
    expect(await found('berg', { types: 'contact' })).toEqual(expect.arrayContaining([ids.anna, ids.max]));
    expect(await found('berg', { types: 'contact' })).toHaveLength(2);
    expect(await found('berg', { types: 'account,deal' })).toEqual(
      expect.arrayContaining([ids.berger, ids.bergmann]),
    );
    expect(await found('berg', { relationship: 'client' })).toEqual(
      expect.arrayContaining([ids.berger, ids.max]),
    );
    expect(await found('berg', { relationship: 'client' })).toHaveLength(2);
    expect(await found('berg', { ownerId: bo.id })).toEqual(expect.arrayContaining([ids.bergmann, ids.anna]));
    expect(await found('router', { status: 'new' })).toEqual([ids.ticket]);
    expect(await found('router', { status: 'resolved' })).toEqual([]);
    expect(await found('rahmen', { stage: 'prospecting' })).toEqual([ids.deal]);
    expect(await found('rahmen', { stage: 'won' })).toEqual([]);
  });

  it('shows each member only what they may see', async () => {
    const asAda = { sub: ada.sub, groups: ['sales'] };
    const asBo = { sub: bo.sub, groups: ['sales'] };
    const asSam = { sub: sam.sub, groups: ['service'] };
    expect((await found('berg', {}, asAda)).sort()).toEqual([ids.berger, ids.max].sort());
    expect((await found('berg', {}, asBo)).sort()).toEqual([ids.bergmann, ids.anna].sort());
    expect(await found('router', {}, asAda)).toEqual([]);
    expect(await found('rahmen', {}, asBo)).toEqual([]);
    expect(await found('berg', {}, asSam)).toHaveLength(4);
  });

  it('refuses a query it cannot answer with 400 naming the field', async () => {
    for (const [query, field] of [
      [{ q: 'a' }, 'query.q'],
      [{ q: '' }, 'query.q'],
      [{}, 'query.q'],
      [{ q: 'berg', types: 'account,people' }, 'query.types'],
      [{ q: 'berg', limit: '0' }, 'query.limit'],
      [{ q: 'berg', stage: 'nope' }, 'query.stage'],
      [{ q: 'berg', cursor: 'bm90IGEgY3Vyc29y' }, 'query.cursor'],
    ] as const) {
      const answer = await search(query as Record<string, string>);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(JSON.stringify(answer.json.error.details), JSON.stringify(query)).toContain(field);
    }
  });

  it('pages with a cursor, each hit once', async () => {
    const first = await search({ q: 'berg', limit: '2' });
    expect(first.json.items).toHaveLength(2);
    const second = await search({ q: 'berg', limit: '2', cursor: first.json.nextCursor });
    const all = [...first.json.items, ...second.json.items].map((item: { id: string }) => item.id);
    expect(new Set(all).size).toBe(4);
  });

  it('follows a rename, a removal and an erasure; a late event brings nothing back', async () => {
    const renamed = await call(h.updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: ids.bergmann },
      body: { name: 'Zimmerei Holzwurm' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    await announce('AccountUpdated', 'Account', ids.bergmann, renamed.json);
    expect(await found('bergmann')).toEqual([]);
    expect(await found('holzw')).toEqual([ids.bergmann]);
    // The older version, arriving late.
    await announce('AccountCreated', 'Account', ids.bergmann, {
      ...renamed.json,
      name: 'Bergmann Bau',
      version: 1,
    });
    expect(await found('bergmann')).toEqual([]);

    const removed = await call(h.deleteContact, 'DELETE', {
      resource: '/contacts/{id}',
      params: { id: ids.anna },
    });
    expect(removed.status, removed.text).toBe(204);
    await announce('ContactDeleted', 'Contact', ids.anna, undefined, {
      id: ids.anna,
      version: 1,
      name: 'Anna Berger',
    });
    expect(await found('anna')).toEqual([]);

    // A ticket that names him: the erasure rewrites it unannounced, and the index follows from ContactErased.
    const about = await made(h.createTicket, '/tickets', {
      accountId: ids.berger,
      contactId: ids.max,
      problem: 'Rückruf an Max Müller wegen Rechnung',
    });
    await announce('TicketOpened', 'Ticket', about.id, about);
    expect((await found('müller')).sort()).toEqual([ids.max, about.id].sort());
    const erased = await call(h.eraseContact, 'POST', {
      resource: '/contacts/{id}/erase',
      params: { id: ids.max },
    });
    expect(erased.status, erased.text).toBe(200);
    await announce('ContactErased', 'Erasure', ids.max, erased.json);
    expect(await found('müller')).toEqual([]);
    expect(await found('+49 30 1234')).toEqual([]);
    expect(await found('rechnung')).toEqual([]);
    // A change from before the erasure, arriving late: still nothing.
    await announce('ContactUpdated', 'Contact', ids.max, {
      id: ids.max,
      accountId: ids.berger,
      name: 'Max Müller',
      version: 2,
    });
    expect(await found('müller')).toEqual([]);
  });
});
