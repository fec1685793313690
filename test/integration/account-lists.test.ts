// Account lists by audience, tag and account manager against DynamoDB Local: each served by an index partition
// (listing items under the account, never a scan), combined with the other filters, paged with cursors; the
// listings follow every change of what they are built from, in the same transaction, and stay right through
// the other writers (a won deal, a lead form).
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, EventBridgeEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deal } from '../../functions/sales/deal.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { loadHandler } from '../../local/runtime.ts';
import { type CallResult, call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';
import { staff } from '../support/staff.ts';

// Its own table: the lists checked here hold exactly the accounts this file makes.
await useOwnTable('account-lists');

const { documentClient } = await import('../../functions/platform/clients.ts');
const { TABLE_NAME } = await import('../../functions/platform/table-name.ts');
const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
const { handler: createAccount } = await import('../../functions/accounts/handlers/create-account.ts');
const { handler: listAccounts } = await import('../../functions/accounts/handlers/list-accounts.ts');
const { handler: updateAccount } = await import('../../functions/accounts/handlers/update-account.ts');
const { handler: getAccount } = await import('../../functions/accounts/handlers/get-account.ts');
const { activateWonAccount } = await import('../../functions/sales/deal-automations.ts');

/** Every command the client sends, with its input: what a list read, and how. */
const sent: { command: string; input: Record<string, unknown> }[] = [];
documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    sent.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
    return next(args);
  },
  { step: 'initialize', name: 'accountListRecorder' },
);

const create = (body: Record<string, unknown>) =>
  call(createAccount, 'POST', { resource: '/accounts', body });
const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  call(updateAccount, 'PATCH', { resource: '/accounts/{id}', params: { id }, body, headers });
const list = (query: Record<string, string>) => call(listAccounts, 'GET', { resource: '/accounts', query });
const ids = (response: CallResult) => response.json.items.map((account: { id: string }) => account.id);
const made = async (body: Record<string, unknown>) => {
  const response = await create(body);
  expect(response.status, response.text).toBe(201);
  return response.json as { id: string; version: number } & Record<string, unknown>;
};

/** Every page of a list, following the cursors. */
async function pages(query: Record<string, string>) {
  const all: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, ...(cursor ? { cursor } : {}) });
    expect(page.status, page.text).toBe(200);
    all.push(ids(page));
    cursor = page.json.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The listing items under an account's partition (TAG#, MANAGER#, AUDIENCE#), by sort key. */
async function listingsOf(accountId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#type = :listing',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':listing': 'AccountListing' },
    }),
  );
  return (Items ?? []).map((item) => String(item.sk)).sort();
}

let manager: string;
let deputy: string;
let owner: string;

beforeAll(async () => {
  manager = await staff(['service']);
  deputy = await staff(['service']);
  owner = await staff(['sales']);
});

describe('GET /accounts?audience=&tag=&accountManagerId=', () => {
  it('lists by each from its index partition, newest first, and never scans', async () => {
    const internal = await made({ name: 'Finance dept', audience: 'internal', tags: ['Shared Services'] });
    const managed = await made({
      name: 'Globex',
      relationship: 'client',
      accountManagerId: manager,
      tags: ['VIP', 'eu'],
    });
    const tagged = await made({ name: 'Initech', tags: [' vip '] });
    sent.length = 0;
    expect(ids(await list({ audience: 'internal' }))).toEqual([internal.id]);
    expect(ids(await list({ accountManagerId: manager }))).toEqual([managed.id]);
    // A tag is one tag whatever its case and spacing.
    expect(ids(await list({ tag: 'vip' }))).toEqual([tagged.id, managed.id]);
    expect(ids(await list({ tag: '  VIP' }))).toEqual([tagged.id, managed.id]);
    expect(ids(await list({ tag: 'shared  services' }))).toEqual([internal.id]);
    expect(ids(await list({ tag: 'nobody' }))).toEqual([]);
    expect(sent.map(({ command }) => command).filter((command) => command.startsWith('Scan'))).toEqual([]);
    // (Admitting the caller may query the member index too: only the accounts' reads are looked at.)
    const partition = (input: Record<string, unknown>) =>
      String((input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk']);
    const queried = sent
      .filter(({ command, input }) => command === 'QueryCommand' && partition(input).startsWith('ACCOUNT#'))
      .map(({ input }) => [input.IndexName, partition(input)]);
    expect(queried).toEqual([
      ['gsi3', 'ACCOUNT#AUDIENCE#internal'],
      ['gsi1', `ACCOUNT#MANAGER#${manager}`],
      ['gsi3', 'ACCOUNT#TAG#vip'],
      ['gsi3', 'ACCOUNT#TAG#vip'],
      ['gsi3', 'ACCOUNT#TAG#shared services'],
      ['gsi3', 'ACCOUNT#TAG#nobody'],
    ]);
    // The accounts a listing names are read in one BatchGetItem per page, not one by one.
    expect(sent.filter(({ command }) => command === 'BatchGetItemCommand')).toHaveLength(5);
    expect(sent.filter(({ command }) => command === 'GetItemCommand')).toEqual([]);
    expect(await listingsOf(managed.id)).toEqual([
      'AUDIENCE#external',
      `MANAGER#${manager}`,
      'TAG#eu',
      'TAG#vip',
    ]);
    // Two spellings of one tag are one listing.
    const twice = await made({ name: 'Twice', tags: ['Gold', 'gold '] });
    expect(await listingsOf(twice.id)).toEqual(['AUDIENCE#external', 'TAG#gold']);
  });

  it('combines filters: one index serves, the rest filter, every page full but the last', async () => {
    const tag = `combo-${Date.now().toString(36)}`;
    const matching: string[] = [];
    for (let index = 0; index < 7; index++) {
      const internal = index % 2 === 0;
      const account = await made({
        name: `Combo ${index}`,
        tags: [tag],
        audience: internal ? 'internal' : 'external',
        relationship: internal ? 'client' : 'customer',
        ownerId: owner,
        ...(internal ? { accountManagerId: deputy } : {}),
      });
      if (internal) matching.push(account.id);
    }
    const newest = [...matching].reverse();
    // The tag's partition, the audience filtered: 4 of 7, in pages of 3 and 1.
    expect(await pages({ tag, audience: 'internal', limit: '3' })).toEqual([
      newest.slice(0, 3),
      newest.slice(3),
    ]);
    // The manager's partition, tag and relationship filtered.
    expect(
      (await pages({ accountManagerId: deputy, tag, relationship: 'client', limit: '2' })).flat(),
    ).toEqual(newest);
    // The owner's partition (accounts only), tag and audience and manager filtered.
    expect(
      (
        await pages({ ownerId: owner, tag, audience: 'internal', accountManagerId: deputy, limit: '3' })
      ).flat(),
    ).toEqual(newest);
    // The relationship's partition, the audience filtered; the audience's own partition.
    const clients = (await pages({ relationship: 'client', audience: 'internal', limit: '2' })).flat();
    expect(clients.filter((id) => matching.includes(id))).toEqual(newest);
    const internals = (await pages({ audience: 'internal', limit: '2' })).flat();
    expect(internals.filter((id) => matching.includes(id))).toEqual(newest);
    expect(ids(await list({ tag, audience: 'internal', accountManagerId: manager }))).toEqual([]);
  });

  it('refuses a bad filter or a cursor from another list with 400', async () => {
    expect((await list({ audience: 'partner' })).json.error.details[0].path).toBe('query.audience');
    expect((await list({ tag: 'x'.repeat(51) })).json.error.details[0].path).toBe('query.tag');
    expect((await list({ accountManagerId: 'no spaces' })).json.error.details[0].path).toBe(
      'query.accountManagerId',
    );
    const tag = `cursor-${Date.now().toString(36)}`;
    await made({ name: 'Cursor A', tags: [tag] });
    await made({ name: 'Cursor B', tags: [tag] });
    const first = await list({ tag, limit: '1' });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    // The same index (gsi3), another partition: not this list's cursor.
    const foreign = await list({ audience: 'external', cursor: first.json.nextCursor });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.details[0].path).toBe('query.cursor');
  });
});

describe('listings follow the account', () => {
  it('move with a patch of tags, account manager or audience, and go with null', async () => {
    const account = await made({ name: 'Moving', tags: ['alpha', 'beta'], accountManagerId: manager });
    const moved = await patch(account.id, {
      tags: ['Beta', 'gamma'],
      accountManagerId: deputy,
      audience: 'internal',
      custom: { region: 'EMEA' },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({
      tags: ['Beta', 'gamma'],
      accountManagerId: deputy,
      audience: 'internal',
      custom: { region: 'EMEA' },
      version: 2,
    });
    expect(moved.headers.etag).toBe('"2"');
    expect(
      (await call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id: account.id } })).json,
    ).toEqual(moved.json);
    expect(await listingsOf(account.id)).toEqual([
      'AUDIENCE#internal',
      `MANAGER#${deputy}`,
      'TAG#beta',
      'TAG#gamma',
    ]);
    expect(ids(await list({ tag: 'alpha' }))).not.toContain(account.id);
    expect(ids(await list({ tag: 'gamma' }))).toContain(account.id);
    expect(ids(await list({ accountManagerId: manager }))).not.toContain(account.id);
    expect(ids(await list({ accountManagerId: deputy }))).toContain(account.id);
    expect(ids(await list({ audience: 'external', limit: '100' }))).not.toContain(account.id);

    const cleared = await patch(account.id, { accountManagerId: null, tags: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.json).not.toHaveProperty('accountManagerId');
    expect(cleared.json.custom).toEqual({ region: 'EMEA' });
    expect(await listingsOf(account.id)).toEqual(['AUDIENCE#internal']);
    expect(ids(await list({ accountManagerId: deputy }))).not.toContain(account.id);
  });

  it('are written with the account or not at all: a stale If-Match or a bad manager writes nothing', async () => {
    const account = await made({ name: 'Guarded', tags: ['keep'] });
    const stale = await patch(account.id, { tags: ['lose'] }, { 'If-Match': '"7"' });
    expect(stale.status).toBe(412);
    const sales = await patch(account.id, { tags: ['lose'], accountManagerId: owner });
    expect(sales.status).toBe(400);
    expect(sales.json.error.details.map((detail: { path: string }) => detail.path)).toEqual([
      'accountManagerId',
    ]);
    expect(await listingsOf(account.id)).toEqual(['AUDIENCE#external', 'TAG#keep']);
    const current = await patch(account.id, { tags: ['won'] }, { 'If-Match': '"1"' });
    expect(current.json.version).toBe(2);
    expect(await listingsOf(account.id)).toEqual(['AUDIENCE#external', 'TAG#won']);
  });

  it('are all written with the next such change of an account that had none (one from before listings)', async () => {
    const { accountItem, newAccount } = await import('../../functions/accounts/account.ts');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const old = newAccount(
      {
        name: 'Old',
        relationship: 'customer',
        audience: 'internal',
        lifecycleStage: 'active',
        tags: ['x'],
        custom: {},
      },
      new Date(),
    );
    await documentClient.send(new PutCommand({ TableName: TABLE_NAME, Item: accountItem(old) }));
    expect(ids(await list({ audience: 'internal', limit: '100' }))).not.toContain(old.id);
    expect((await patch(old.id, { tags: ['x', 'y'] })).status).toBe(200);
    expect(await listingsOf(old.id)).toEqual(['AUDIENCE#internal', 'TAG#x', 'TAG#y']);
    expect(ids(await list({ audience: 'internal', limit: '100' }))).toContain(old.id);
  });

  it('lose no update when tag and other patches race', async () => {
    const account = await made({ name: 'Raced', tags: [] });
    const results = await Promise.all([
      ...Array.from({ length: 3 }, (_, index) => patch(account.id, { tags: [`t${index}`] })),
      ...Array.from({ length: 3 }, (_, index) => patch(account.id, { custom: { [`k${index}`]: index } })),
    ]);
    expect(results.map((result) => result.status)).toEqual(Array(6).fill(200));
    const final = (await call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id: account.id } }))
      .json;
    expect(final.version).toBe(7);
    expect(final.custom).toEqual({ k0: 0, k1: 1, k2: 2 });
    // Whichever tag patch came last, the listings are exactly its tags.
    expect(final.tags).toHaveLength(1);
    expect(await listingsOf(account.id)).toEqual(['AUDIENCE#external', `TAG#${final.tags[0]}`]);
  });

  it('stay right when a won deal activates the account (its relationship and stage move, listings stay)', async () => {
    const account = await made({
      name: 'Winning',
      accountManagerId: manager,
      tags: ['pilot'],
      billing: { model: 'retainer', monthlyFee: 100_000 },
    });
    const at = new Date().toISOString();
    const deal = { id: account.id, accountId: account.id } as Deal;
    expect(await activateWonAccount(deal, at, new Date())).toBe(true);
    const won = ids(
      await list({ accountManagerId: manager, relationship: 'client', lifecycleStage: 'active' }),
    );
    expect(won).toContain(account.id);
    expect(ids(await list({ tag: 'pilot', relationship: 'client' }))).toEqual([account.id]);
    expect(await listingsOf(account.id)).toEqual(['AUDIENCE#external', `MANAGER#${manager}`, 'TAG#pilot']);
  });
});

describe('accounts made by a lead form', () => {
  it('are listed by their audience from the start', async () => {
    type Http = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
    const createForm = await loadHandler<Http>('forms/handlers/create-form');
    const submitForm = await loadHandler<Http>('forms/handlers/submit-form');
    const processLead = await loadHandler<(event: unknown, context: Context) => Promise<unknown>>(
      'forms/handlers/process-lead-submission',
    );
    const { getSubmission } = await import('../../functions/forms/form-store.ts');
    const form = await call(createForm, 'POST', {
      resource: '/forms',
      body: {
        name: 'Leads',
        kind: 'lead',
        fields: [
          { name: 'name', label: 'Name', type: 'text', required: true },
          { name: 'email', label: 'E-mail', type: 'email', required: true },
        ],
      },
    });
    const accepted = await call(submitForm, 'POST', {
      resource: '/forms/{id}/submissions',
      params: { id: form.json.id },
      body: { name: 'Lea', email: `lea.${Date.now()}@corp.example` },
      sub: null,
    });
    const submission = await getSubmission(form.json.id, accepted.json.submissionId);
    const event: EventBridgeEvent<'FormSubmitted', unknown> = {
      version: '0',
      id: `evt-${submission?.id}`,
      'detail-type': 'FormSubmitted',
      source: 'clientele',
      account: '000000000000',
      time: String(submission?.receivedAt),
      region: 'us-east-1',
      resources: [],
      detail: {
        eventId: '00000000-0000-0000-0000-000000000000',
        eventVersion: 1,
        entity: 'Submission',
        id: submission?.id,
        occurredAt: submission?.receivedAt,
        data: submission,
      },
    };
    await processLead(event, lambdaContext('t'));
    const accountId = (await getSubmission(form.json.id, accepted.json.submissionId))?.produced?.accountId;
    expect(accountId).toEqual(expect.any(String));
    expect(await listingsOf(String(accountId))).toEqual(['AUDIENCE#external']);
    expect(ids(await list({ audience: 'external', limit: '1' }))).toEqual([accountId]);
  });
});
