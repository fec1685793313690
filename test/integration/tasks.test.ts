// Tasks against DynamoDB Local: create, the lists by assignee and status from indexes (due soonest first,
// "due before" as a key range), status changes moving them between lists, If-Match and racing patches.
import { describe, expect, it } from 'vitest';
import { handler as createTask } from '../../functions/work/handlers/create-task.ts';
import { handler as getTask } from '../../functions/work/handlers/get-task.ts';
import { handler as listTasks } from '../../functions/work/handlers/list-tasks.ts';
import { handler as updateTask } from '../../functions/work/handlers/update-task.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

const create = (body: object) => call(createTask, 'POST', { resource: '/tasks', body });
const list = (query: Record<string, string>) => call(listTasks, 'GET', { resource: '/tasks', query });
const patch = (id: string, body: object, headers: Record<string, string> = {}) =>
  call(updateTask, 'PATCH', { resource: '/tasks/{id}', params: { id }, body, headers });
const ids = (answer: { json: { items: { id: string }[] } }) => answer.json.items.map((task) => task.id);

describe('tasks', () => {
  it('lists by assignee and by status, due soonest first, and "due before" cuts the list', async () => {
    const who = await staff(['service']);
    const late = (await create({ title: 'Later', assigneeId: who, dueAt: '2027-03-01T09:00:00Z' })).json;
    const soon = (await create({ title: 'Soon', assigneeId: who, dueAt: '2027-01-05T09:00:00+01:00' })).json;
    const mid = (
      await create({
        title: 'Mid',
        assigneeId: who,
        dueAt: '2027-02-01T09:00:00Z',
        checklist: [{ text: 'Call' }],
      })
    ).json;
    expect(mid).toMatchObject({ status: 'open', version: 1, checklist: [{ text: 'Call', done: false }] });
    expect(soon.dueAt).toBe('2027-01-05T08:00:00.000Z');
    expect(ids(await list({ assigneeId: who }))).toEqual([soon.id, mid.id, late.id]);
    expect(ids(await list({ assigneeId: who, dueBefore: '2027-02-15T00:00:00Z' }))).toEqual([
      soon.id,
      mid.id,
    ]);

    await patch(mid.id, { status: 'done', checklist: [{ text: 'Call', done: true }] });
    expect(ids(await list({ assigneeId: who, status: 'open' }))).toEqual([soon.id, late.id]);
    const open = ids(await list({ status: 'open', dueBefore: '2027-03-02T00:00:00Z', limit: '100' }));
    expect(open).toContain(soon.id);
    expect(open).not.toContain(mid.id);
    const done = ids(await list({ status: 'done', limit: '100' }));
    expect(done).toContain(mid.id);
  });

  it('lists every task due soonest first without a filter, across pages, from an index', async () => {
    // Due in 1999, before any other file's task: this file's are the first of the whole list.
    const dues = ['1999-03-04', '1999-01-02', '1999-05-06', '1999-02-03', '1999-04-05'];
    const made = new Map<string, string>();
    for (const [index, day] of dues.entries()) {
      const task = (await create({ title: `Whenever ${index}`, dueAt: `${day}T09:00:00Z` })).json;
      made.set(task.id, task.dueAt);
    }
    const soonestFirst = [...made].sort(([, a], [, b]) => a.localeCompare(b)).map(([id]) => id);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list({
        dueBefore: '2000-01-01T00:00:00Z',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      pages.push(ids(page));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat()).toEqual(soonestFirst);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);

    // No filter at all: the same order, and every page carries on where the last one stopped.
    const seen: { id: string; dueAt: string }[] = [];
    cursor = undefined;
    do {
      const page = await list({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.json.items);
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor && seen.filter((task) => made.has(task.id)).length < made.size);
    const dueTimes = seen.map((task) => task.dueAt);
    expect(dueTimes).toEqual([...dueTimes].sort());
    expect(seen.map((task) => task.id).filter((id) => made.has(id))).toEqual(soonestFirst);
  });

  it("lists an assignee's tasks only, not the tickets that share their index partition (and vice versa)", async () => {
    const { handler: createAccount } = await import('../../functions/accounts/handlers/create-account.ts');
    const { handler: createTicket } = await import('../../functions/service/handlers/create-ticket.ts');
    const { handler: listTickets } = await import('../../functions/service/handlers/list-tickets.ts');
    const who = await staff(['service']);
    const accountId = (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Shared' } }))
      .json.id;
    const made: string[] = [];
    const tickets: string[] = [];
    for (const [index, dueAt] of [
      '2027-04-01T09:00:00Z',
      '2027-04-02T09:00:00Z',
      '2027-04-03T09:00:00Z',
    ].entries()) {
      made.push((await create({ title: `Mine ${index}`, assigneeId: who, dueAt })).json.id);
      const ticket = await call(createTicket, 'POST', {
        resource: '/tickets',
        body: { accountId, problem: `Problem ${index}`, assigneeId: who },
      });
      expect(ticket.status).toBe(201);
      tickets.push(ticket.json.id);
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ assigneeId: who, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      pages.push(ids(page));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat()).toEqual(made);
    expect(pages[0]).toHaveLength(2);
    const queue = await call(listTickets, 'GET', {
      resource: '/tickets',
      query: { assigneeId: who, limit: '100' },
    });
    expect(queue.json.items.map((ticket: { id: string }) => ticket.id).sort()).toEqual([...tickets].sort());
  });

  it('refuses a stale If-Match and loses no update when patches race', async () => {
    const task = (await create({ title: 'Contended', dueAt: '2027-01-01T00:00:00Z' })).json;
    expect((await patch(task.id, { title: 'First' }, { 'If-Match': '1' })).status).toBe(200);
    expect((await patch(task.id, { title: 'Stale' }, { 'If-Match': '1' })).status).toBe(412);
    const racers = await Promise.all([1, 2, 3, 4, 5].map(() => staff()));
    const answers = await Promise.all(racers.map((who) => patch(task.id, { assigneeId: who })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const read = await call(getTask, 'GET', { resource: '/tasks/{id}', params: { id: task.id } });
    expect(read.json.version).toBe(7);
    expect(read.json.title).toBe('First');
  });

  it('names bad fields and 404s an unknown task', async () => {
    const bad = await create({ title: '', dueAt: 'tomorrow', links: { dealId: 'x' } });
    expect(bad.json.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'dueAt',
      'links.dealId',
      'title',
    ]);
    expect((await patch('01ARZ3NDEKTSV4RRFFQ69G5FAV', { status: 'done' })).status).toBe(404);
  });
});
