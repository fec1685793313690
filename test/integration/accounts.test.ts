// Accounts against DynamoDB Local: create, read, list by index with pagination, patch with and without
// If-Match, no lost update under concurrency, idempotent create.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as getAccount } from '../../functions/accounts/handlers/get-account.ts';
import { handler as listAccounts } from '../../functions/accounts/handlers/list-accounts.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

const create = (body: unknown, headers: Record<string, string> = {}, sub = 'alice') =>
  call(createAccount, 'POST', { resource: '/accounts', body, headers, sub });
const get = (id: string) => call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id } });
const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  call(updateAccount, 'PATCH', { resource: '/accounts/{id}', params: { id }, body, headers });
const list = (query: Record<string, string>) => call(listAccounts, 'GET', { resource: '/accounts', query });

describe('POST /accounts', () => {
  it('creates an account with defaults, a Location and version 1', async () => {
    const created = await create({
      name: '  Acme Ltd ',
      relationship: 'client',
      billing: { model: 'retainer', monthlyFee: 250000 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Acme Ltd',
      relationship: 'client',
      audience: 'external',
      lifecycleStage: 'lead',
      tags: [],
      custom: {},
      version: 1,
    });
    expect(created.headers.location).toBe(`/accounts/${created.json.id}`);
    expect(created.json.createdAt).toBe(created.json.updatedAt);
    const read = await get(created.json.id);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);
  });

  it('names each bad field and writes nothing', async () => {
    const marker = `Bad ${Date.now()}`;
    const response = await create({
      name: marker,
      relationship: 'partner',
      leadScore: 101,
      billing: { model: 'retainer' },
      extra: 1,
    });
    expect(response.status).toBe(400);
    const paths = response.json.error.details.map((detail: { path: string }) => detail.path).sort();
    expect(paths).toEqual(['billing.monthlyFee', 'extra', 'leadScore', 'relationship']);
    const all = await list({ limit: '100' });
    expect(all.json.items.some((account: { name: string }) => account.name === marker)).toBe(false);
  });

  it('rejects a missing name, malformed JSON, a wrong content type and an oversize body', async () => {
    expect((await create({})).json.error.details[0].path).toBe('name');
    const malformed = await call(createAccount, 'POST', { resource: '/accounts', rawBody: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('ValidationFailed');
    const wrongType = await call(createAccount, 'POST', {
      resource: '/accounts',
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
    const huge = await create({ name: 'x', custom: { note: 'y'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });

  it('answers a retried request with the same Idempotency-Key once, and refuses other content', async () => {
    const key = `key-${Date.now()}-${Math.random()}`;
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => create({ name: 'Retry Co' }, { 'Idempotency-Key': key })),
    );
    const ids = new Set(attempts.map((attempt) => attempt.json.id));
    expect(attempts.every((attempt) => attempt.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
    const replay = await create({ name: 'Retry Co' }, { 'Idempotency-Key': key });
    expect(replay.json.id).toBe([...ids][0]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await create({ name: 'Other Co' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    // The same key from another user is another request.
    const elsewhere = await create({ name: 'Retry Co' }, { 'Idempotency-Key': key }, 'bob');
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.json.id).not.toBe(replay.json.id);
  });
});

describe('GET /accounts/{id}', () => {
  it('404s an unknown id and 400s a malformed one', async () => {
    expect((await get('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    const bad = await get('nope');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe('path.id');
  });
});

describe('GET /accounts', () => {
  it('filters through indexes and pages with an opaque cursor, newest first', async () => {
    const owner = await staff();
    const made: string[] = [];
    for (let index = 0; index < 7; index++) {
      const stage = index % 2 === 0 ? 'prospect' : 'active';
      made.push((await create({ name: `Paged ${index}`, ownerId: owner, lifecycleStage: stage })).json.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ ownerId: owner, limit: '3', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.items.map((account: { id: string }) => account.id));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const prospects = await list({ ownerId: owner, lifecycleStage: 'prospect', limit: '2' });
    expect(prospects.json.items).toHaveLength(2);
    expect(
      prospects.json.items.every((a: { lifecycleStage: string }) => a.lifecycleStage === 'prospect'),
    ).toBe(true);
    const rest = await list({
      ownerId: owner,
      lifecycleStage: 'prospect',
      limit: '2',
      cursor: prospects.json.nextCursor,
    });
    expect(rest.json.items.map((a: { id: string }) => a.id)).toEqual([made[2], made[0]]);
  });

  it('refuses a tampered cursor and a bad filter with 400', async () => {
    const tampered = Buffer.from(JSON.stringify({ pk: 'ACCOUNT#x', sk: 'ACCOUNT' })).toString('base64url');
    expect((await list({ cursor: tampered })).status).toBe(400);
    expect((await list({ lifecycleStage: 'zombie' })).json.error.details[0].path).toBe(
      'query.lifecycleStage',
    );
    expect((await list({ limit: '0' })).status).toBe(400);
  });
});

describe('PATCH /accounts/{id}', () => {
  it('bumps the version, removes a field with null and moves the indexes', async () => {
    const [carol, dave] = [await staff(), await staff()];
    const { json: account } = await create({ name: 'Patch Me', ownerId: carol, leadScore: 40 });
    const changed = await patch(account.id, { lifecycleStage: 'active', leadScore: null, ownerId: dave });
    expect(changed.status).toBe(200);
    expect(changed.json.version).toBe(2);
    expect(changed.json.leadScore).toBeUndefined();
    expect(changed.headers.etag).toBe('"2"');
    const byDave = await list({ ownerId: dave, lifecycleStage: 'active', limit: '100' });
    expect(byDave.json.items.map((a: { id: string }) => a.id)).toContain(account.id);
    const byCarol = await list({ ownerId: carol, limit: '100' });
    expect(byCarol.json.items.map((a: { id: string }) => a.id)).not.toContain(account.id);
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const { json: account } = await create({ name: 'Guarded' });
    expect((await patch(account.id, { name: 'Fresh' }, { 'If-Match': '"1"' })).status).toBe(200);
    const stale = await patch(account.id, { name: 'Stale' }, { 'If-Match': '1' });
    expect(stale.status).toBe(412);
    const read = await get(account.id);
    expect(read.json).toMatchObject({ name: 'Fresh', version: 2 });
  });

  it('404s an unknown account', async () => {
    expect((await patch('01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'x' })).status).toBe(404);
  });

  it('loses no update when 10 patches race', async () => {
    const { json: account } = await create({ name: 'Contended' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) => patch(account.id, { custom: { [`field${index}`]: index } })),
    );
    expect(results.map((result) => result.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((result) => result.json.version)).size).toBe(10);
    const read = await get(account.id);
    expect(read.json.version).toBe(11);
    expect(read.json.custom).toEqual(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`field${i}`, i])),
    );
  });

  it('lets exactly one of 10 racing patches with the same If-Match win', async () => {
    const { json: account } = await create({ name: 'One Winner' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        patch(account.id, { name: `Winner ${index}` }, { 'If-Match': '1' }),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(412)]);
    const winner = results.find((result) => result.status === 200);
    expect((await get(account.id)).json.name).toBe(winner?.json.name);
  });
});

describe('GET /accounts?ownerId=', () => {
  it("lists the owner's accounts only, not the deals they own too", async () => {
    const { handler: createDeal } = await import('../../functions/sales/handlers/create-deal.ts');
    const owner = await staff();
    const account = (await create({ name: 'Owned Ltd', ownerId: owner })).json;
    const deal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: account.id, title: 'Owned deal', amount: 1000, currency: 'EUR', ownerId: owner },
    });
    expect(deal.status).toBe(201);
    const listed = await list({ ownerId: owner, limit: '100' });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((item: { id: string }) => item.id)).toEqual([account.id]);
  });

  it('pages through the owner’s accounts with a cursor, every page full of accounts, none of the deals', async () => {
    const { handler: createDeal } = await import('../../functions/sales/handlers/create-deal.ts');
    const owner = await staff();
    const made: string[] = [];
    for (let index = 0; index < 5; index++) {
      const account = (await create({ name: `Owned ${index}`, ownerId: owner })).json;
      made.push(account.id);
      // Deals of the same owner sort among the accounts' keys in the partition (before, after, between).
      const deal = await call(createDeal, 'POST', {
        resource: '/deals',
        body: { accountId: account.id, title: `Deal ${index}`, amount: 100, currency: 'EUR', ownerId: owner },
      });
      expect(deal.status).toBe(201);
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ ownerId: owner, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      pages.push(page.json.items.map((item: { id: string }) => item.id));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat()).toEqual([...made].reverse());
    // A key range, not a filter: only the last page may be short.
    expect(pages.slice(0, 2).map((page) => page.length)).toEqual([2, 2]);
    const withStage = await list({ ownerId: owner, lifecycleStage: 'lead', limit: '100' });
    expect(withStage.json.items.map((item: { id: string }) => item.id)).toEqual([...made].reverse());
  });
});

describe('custom fields', () => {
  const RESERVED = [
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    '__proto__',
  ];

  it('refuses a key named like a member of Object.prototype with 400 naming it, on create and patch', async () => {
    const { json: account } = await create({ name: 'Reserved keys' });
    for (const key of RESERVED) {
      // JSON.parse makes `__proto__` an own key, as a client's body would carry it.
      const body = `{"name":"Reserved ${key}","custom":{"${key}":"x"}}`;
      const created = await call(createAccount, 'POST', { resource: '/accounts', rawBody: body });
      expect(created.status, key).toBe(400);
      expect(created.json.error.details.map((detail: { path: string }) => detail.path)).toEqual([
        `custom.${key}`,
      ]);
      const patched = await call(updateAccount, 'PATCH', {
        resource: '/accounts/{id}',
        params: { id: account.id },
        rawBody: `{"custom":{"${key}":1}}`,
      });
      expect(patched.status, key).toBe(400);
      expect(patched.json.error.details[0].path).toBe(`custom.${key}`);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((await get(account.id)).json).toMatchObject({ version: 1, custom: {} });
  });

  it('refuses a number JavaScript cannot hold exactly with 400 naming the field', async () => {
    for (const value of ['9007199254740992', '1e300', '-9007199254740993']) {
      const created = await call(createAccount, 'POST', {
        resource: '/accounts',
        rawBody: `{"name":"Big number","custom":{"x":${value}}}`,
      });
      expect(created.status, value).toBe(400);
      expect(created.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['custom.x']);
    }
    const { json: account } = await create({ name: 'Patched big', custom: { x: Number.MAX_SAFE_INTEGER } });
    expect(account.custom.x).toBe(Number.MAX_SAFE_INTEGER);
    const patched = await patch(account.id, { custom: { y: 2 ** 60 } });
    expect(patched.status).toBe(400);
    expect(patched.json.error.details[0].path).toBe('custom.y');
    expect((await create({ name: 'Fraction', custom: { rate: 0.25 } })).json.custom.rate).toBe(0.25);
  });
});
