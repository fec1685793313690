// The sales team's own settings against DynamoDB Local: quotas per owner and period (made, replaced,
// removed, listed by period and by owner; If-Match; starts that are no period's start refused) and the
// lost-reason list a deal's loss is checked against. A table of its own: the list it changes is every deal's.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';
import { staff } from '../support/staff.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

await useOwnTable('quotas');
const [
  putQuota,
  getQuota,
  listQuotas,
  deleteQuota,
  getLostReasons,
  putLostReasons,
  createAccount,
  createDeal,
  updateDeal,
] = (await Promise.all(
  [
    'sales/handlers/put-quota',
    'sales/handlers/get-quota',
    'sales/handlers/list-quotas',
    'sales/handlers/delete-quota',
    'sales/handlers/get-lost-reasons',
    'sales/handlers/put-lost-reasons',
    'accounts/handlers/create-account',
    'sales/handlers/create-deal',
    'sales/handlers/update-deal',
  ].map((handler) => loadHandler<Handler>(handler)),
)) as [Handler, Handler, Handler, Handler, Handler, Handler, Handler, Handler, Handler];

const QUOTA = '/quotas/{ownerId}/{period}/{start}';
const quotaAt = (ownerId: string, period: string, start: string) => ({ ownerId, period, start });
const put = (params: Record<string, string>, body: unknown, headers: Record<string, string> = {}) =>
  call(putQuota, 'PUT', { resource: QUOTA, params, body, headers });

describe('quotas', () => {
  it('are made (201) and replaced (200) whole, honour If-Match, and say who set them', async () => {
    const olga = await staff();
    const at = quotaAt(olga, 'month', '2026-12-01');
    const made = await put(at, { targets: { EUR: 50_000_00 } });
    expect(made.status).toBe(201);
    expect(made.headers.etag).toBe('"1"');
    expect(made.headers.location).toBe(`/quotas/${olga}/month/2026-12-01`);
    expect(made.json).toMatchObject({
      ownerId: olga,
      period: 'month',
      start: '2026-12-01',
      targets: { EUR: 5_000_000 },
      version: 1,
    });
    expect(typeof made.json.createdBy).toBe('string');
    const replaced = await put(at, { targets: { EUR: 60_000_00, USD: 10_000_00 } }, { 'If-Match': '"1"' });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({
      targets: { EUR: 6_000_000, USD: 1_000_000 },
      version: 2,
      createdAt: made.json.createdAt,
      createdBy: made.json.createdBy,
    });
    const stale = await put(at, { targets: { EUR: 1 } }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    const read = await call(getQuota, 'GET', { resource: QUOTA, params: at });
    expect(read.status).toBe(200);
    expect(read.json.targets).toEqual({ EUR: 6_000_000, USD: 1_000_000 });
    expect(read.headers.etag).toBe('"2"');
  });

  it('are written once by racing first writers: one 201, the others replace it or 412 with If-Match: 0', async () => {
    const owner = await staff();
    const at = quotaAt(owner, 'week', '2026-11-30');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        put(at, { targets: { EUR: 1000 + index } }, { 'If-Match': '0' }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 412)).toHaveLength(5);
    expect((await call(getQuota, 'GET', { resource: QUOTA, params: at })).json.version).toBe(1);
  });

  it('refuse a start that does not begin its period, an unknown or non-sales owner, and bad targets, writing nothing', async () => {
    const owner = await staff();
    const agent = await staff(['service']);
    const cases: [Record<string, string>, unknown, string][] = [
      [quotaAt(owner, 'week', '2026-12-01'), { targets: { EUR: 1 } }, 'path.start'], // a Tuesday
      [quotaAt(owner, 'month', '2026-12-02'), { targets: { EUR: 1 } }, 'path.start'],
      [quotaAt(owner, 'month', '2026-02-30'), { targets: { EUR: 1 } }, 'path.start'],
      [quotaAt(owner, 'quarter', '2026-10-01'), { targets: { EUR: 1 } }, 'path.period'],
      [quotaAt('nobody-here', 'month', '2026-12-01'), { targets: { EUR: 1 } }, 'path.ownerId'],
      [quotaAt(agent, 'month', '2026-12-01'), { targets: { EUR: 1 } }, 'path.ownerId'],
      [quotaAt(owner, 'month', '2027-01-01'), { targets: {} }, 'targets'],
      [quotaAt(owner, 'month', '2027-01-01'), { targets: { euro: 5 } }, 'targets.euro'],
      [quotaAt(owner, 'month', '2027-01-01'), { targets: { EUR: 0 } }, 'targets.EUR'],
      [quotaAt(owner, 'month', '2027-01-01'), { targets: { EUR: 1.5 } }, 'targets.EUR'],
      [quotaAt(owner, 'month', '2027-01-01'), { targets: { EUR: 1e15 } }, 'targets.EUR'],
    ];
    for (const [params, body, path] of cases) {
      const refused = await put(params, body);
      expect(refused.status, JSON.stringify([params, body])).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const listed = await call(listQuotas, 'GET', { resource: '/quotas', query: { ownerId: owner } });
    expect(listed.json.items).toEqual([]);
  });

  it('are listed for a period (everyone’s, by owner) and per owner (latest first), a page at a time', async () => {
    const owners = [await staff(), await staff(), await staff()];
    for (const [index, owner] of owners.entries()) {
      for (const start of ['2026-10-01', '2026-11-01', '2026-12-01']) {
        expect(
          (await put(quotaAt(owner, 'month', start), { targets: { EUR: (index + 1) * 1000 } })).status,
        ).toBe(201);
      }
    }
    expect((await put(quotaAt(owners[0] ?? '', 'day', '2026-12-03'), { targets: { EUR: 5 } })).status).toBe(
      201,
    );
    const first = await call(listQuotas, 'GET', {
      resource: '/quotas',
      query: { period: 'month', start: '2026-11-01', limit: '2' },
    });
    expect(first.status).toBe(200);
    const second = await call(listQuotas, 'GET', {
      resource: '/quotas',
      query: { period: 'month', start: '2026-11-01', limit: '100', cursor: first.json.nextCursor },
    });
    const everyone = [...first.json.items, ...second.json.items].filter((quota: { ownerId: string }) =>
      owners.includes(quota.ownerId),
    );
    expect(everyone.map((quota: { ownerId: string }) => quota.ownerId).sort()).toEqual([...owners].sort());
    expect(everyone.every((quota: { start: string }) => quota.start === '2026-11-01')).toBe(true);

    const mine = await call(listQuotas, 'GET', {
      resource: '/quotas',
      query: { ownerId: owners[0] ?? '', period: 'month' },
    });
    expect(mine.json.items.map((quota: { start: string }) => quota.start)).toEqual([
      '2026-12-01',
      '2026-11-01',
      '2026-10-01',
    ]);
    const all = await call(listQuotas, 'GET', { resource: '/quotas', query: { ownerId: owners[0] ?? '' } });
    expect(all.json.items).toHaveLength(4);
    const one = await call(listQuotas, 'GET', {
      resource: '/quotas',
      query: { ownerId: owners[1] ?? '', period: 'month', start: '2026-12-01' },
    });
    expect(one.json.items.map((quota: { targets: unknown }) => quota.targets)).toEqual([{ EUR: 2000 }]);
    for (const query of [{}, { period: 'month' }, { start: '2026-12-01' }] as Record<string, string>[]) {
      const refused = await call(listQuotas, 'GET', { resource: '/quotas', query });
      expect(refused.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('are removed once (204, then 404), If-Match honoured', async () => {
    const owner = await staff();
    const at = quotaAt(owner, 'month', '2027-02-01');
    await put(at, { targets: { EUR: 10 } });
    expect(
      (await call(deleteQuota, 'DELETE', { resource: QUOTA, params: at, headers: { 'If-Match': '"7"' } }))
        .status,
    ).toBe(412);
    const removed = await call(deleteQuota, 'DELETE', {
      resource: QUOTA,
      params: at,
      headers: { 'If-Match': '"1"' },
    });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect((await call(deleteQuota, 'DELETE', { resource: QUOTA, params: at })).status).toBe(404);
    expect((await call(getQuota, 'GET', { resource: QUOTA, params: at })).status).toBe(404);
  });
});

describe('the lost-reason list', () => {
  it('is the default until an admin sets it; a deal lost then names a reason of the list as it is now', async () => {
    const initial = await call(getLostReasons, 'GET', { resource: '/lost-reasons' });
    expect(initial.status).toBe(200);
    expect(initial.headers.etag).toBe('"0"');
    expect(initial.json.reasons.map((reason: { code: string }) => reason.code)).toEqual([
      'price',
      'timing',
      'no_fit',
      'competitor',
      'declined_by_us',
    ]);
    const reasons = [
      { code: 'price', label: 'Too expensive' },
      { code: 'exited_early', label: 'We ended the engagement early' },
    ];
    const set = await call(putLostReasons, 'PUT', {
      resource: '/lost-reasons',
      body: { reasons },
      headers: { 'If-Match': '0' },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ reasons, version: 1 });
    expect(
      (
        await call(putLostReasons, 'PUT', {
          resource: '/lost-reasons',
          body: { reasons },
          headers: { 'If-Match': '0' },
        })
      ).status,
    ).toBe(412);
    for (const body of [
      { reasons: [] },
      {
        reasons: [
          { code: 'a', label: 'A' },
          { code: 'a', label: 'again' },
        ],
      },
      { reasons: [{ code: 'No Fit', label: 'x' }] },
      { reasons: [{ code: 'ok', label: '' }] },
      { reasons: [{ code: 'ok', label: 'x', extra: 1 }] },
    ]) {
      const refused = await call(putLostReasons, 'PUT', { resource: '/lost-reasons', body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(getLostReasons, 'GET', { resource: '/lost-reasons' })).json.version).toBe(1);

    const owner = await staff();
    const account = await call(createAccount, 'POST', {
      resource: '/accounts',
      body: { name: 'Lost Co', ownerId: owner },
    });
    const deal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: account.json.id, title: 'Engagement', amount: 1000, currency: 'EUR' },
    });
    const lose = (lostReason: string) =>
      call(updateDeal, 'PATCH', {
        resource: '/deals/{id}',
        params: { id: deal.json.id },
        body: { stage: 'lost', lostReason },
      });
    const gone = await lose('no_fit');
    expect(gone.status).toBe(400);
    expect(gone.json.error.details[0].message).toContain('price, exited_early');
    const lost = await lose('exited_early');
    expect(lost.status).toBe(200);
    expect(lost.json.lostReason).toBe('exited_early');
  });
});
