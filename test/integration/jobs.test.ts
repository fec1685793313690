// The scheduled jobs against DynamoDB Local, called as their schedules call them: retainer invoices once per
// account and month, numbered gap-free per year under concurrent runs; due tasks announced once per task and
// due time, reading only their window; urgent tickets escalated once to every active admin.
// The table is shared with the other test files, which run at the same time: every assertion is about this
// file's own records, or about a period (2021, 2031, 2036, 2037) that only this file's job runs write in. The
// retainer runs also bill other files' active retainer clients, so their counts are reconciled with the table
// rather than assumed.
import { GetCommand, type NativeAttributeValue, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { DETAIL_SCHEMAS } from '../../functions/events/event-catalog.ts';
import { toDomainEvent } from '../../functions/events/events.ts';
import { handler as getInvoice } from '../../functions/orders/handlers/get-invoice.ts';
import { handler as issueRetainerInvoices } from '../../functions/orders/handlers/issue-retainer-invoices.ts';
import { handler as listInvoices } from '../../functions/orders/handlers/list-account-invoices.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import * as z from '../../functions/platform/zod.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as escalateUrgentTickets } from '../../functions/service/handlers/escalate-urgent-tickets.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { handler as createMember } from '../../functions/team/handlers/create-member.ts';
import { allMembers } from '../../functions/team/member-store.ts';
import { mailKey } from '../../functions/work/entity.ts';
import { handler as announceDueTasks } from '../../functions/work/handlers/announce-due-tasks.ts';
import { handler as createTask } from '../../functions/work/handlers/create-task.ts';
import { handler as getTask } from '../../functions/work/handlers/get-task.ts';
import { handler as updateTask } from '../../functions/work/handlers/update-task.ts';
import { call } from '../support/api.ts';

// The API's public address, which the mails link their record to (set per run by the stack and npm start).
const API_URL = 'https://crm.example.test/v1';
process.env.PUBLIC_API_URL = API_URL;

type Item = Record<string, NativeAttributeValue>;
// biome-ignore lint/suspicious/noExplicitAny: records read back through the API are inspected field by field
type Json = any;

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const iso = (text: string) => new Date(text).toISOString();
const plus = (time: string, ms: number) => new Date(Date.parse(time) + ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---- table reads -------------------------------------------------------------------------------------------

async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }),
  );
  return Item;
}

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

const mailFor = (seed: string) => getItem(mailKey(derivedId(seed)));

/** Every invoice in the table (the type index): for reconciling a year or a month no other file bills. */
const allInvoices = () =>
  queryAll({
    TableName: TABLE_NAME,
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :type',
    ExpressionAttributeValues: { ':type': 'TYPE#INVOICE' },
  });

// ---- API calls ---------------------------------------------------------------------------------------------

async function newAccount(body: Record<string, unknown>): Promise<string> {
  const answer = await call(createAccount, 'POST', {
    resource: '/accounts',
    body: { name: 'Jobs', ...body },
  });
  expect(answer.status).toBe(201);
  return answer.json.id as string;
}

async function invoicesOf(accountId: string): Promise<Json[]> {
  const answer = await call(listInvoices, 'GET', {
    resource: '/accounts/{id}/invoices',
    params: { id: accountId },
    query: { limit: '100' },
  });
  expect(answer.status).toBe(200);
  return answer.json.items;
}

/** A member in the run's shared table (the round-robin tests run on a table of their own). */
async function newMember(
  roles: string[],
  active = true,
): Promise<{ id: string; email: string; name: string }> {
  const answer = await call(createMember, 'POST', {
    resource: '/team',
    body: { name: `Member ${roles.join('+')}`, email: `jobs.${unique()}@team.test`, roles, active },
  });
  expect(answer.status).toBe(201);
  return answer.json;
}

/** The task with its assignee set straight in the table (the API admits only active members). */
async function assignedBehindTheApi(task: Json, assigneeId: string): Promise<Json> {
  await documentClient.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { pk: `TASK#${String(task.id)}`, sk: 'TASK' },
      UpdateExpression: 'SET assigneeId = :who',
      ExpressionAttributeValues: { ':who': assigneeId },
    }),
  );
  return { ...task, assigneeId };
}

async function newTask(body: Record<string, unknown>): Promise<Json> {
  const answer = await call(createTask, 'POST', { resource: '/tasks', body: { title: 'Task', ...body } });
  expect(answer.status).toBe(201);
  return answer.json;
}

async function patchTask(id: string, body: Record<string, unknown>): Promise<Json> {
  const answer = await call(updateTask, 'PATCH', { resource: '/tasks/{id}', params: { id }, body });
  expect(answer.status).toBe(200);
  return answer.json;
}

const readTicket = async (id: string): Promise<Json> =>
  (await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id } })).json;

const patchTicket = (id: string, body: Record<string, unknown>, ifMatch?: number) =>
  call(updateTicket, 'PATCH', {
    resource: '/tickets/{id}',
    params: { id },
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
  });

// ---- the jobs, as their schedules call them ----------------------------------------------------------------

interface InvoiceRun {
  month: string;
  accounts: number;
  issued: number;
  /** Internal clients' bills (charges); other files' internal clients share the table. */
  charged: number;
  alreadyIssued: number;
  read: number;
}
interface DueRun {
  window: { from: string; to: string };
  due: number;
  announced: number;
  alreadyAnnounced: number;
  mailed: number;
  read: number;
}
interface EscalationRun {
  overdue: number;
  escalated: number;
  admins: number;
  read: number;
  note?: string;
}

const runInvoices = async (time: string) =>
  (await issueRetainerInvoices({ schedule: 'retainer-invoices', time })) as unknown as InvoiceRun;
const runDue = async (time: string) =>
  (await announceDueTasks({ schedule: 'tasks-due', time })) as unknown as DueRun;
const runEscalations = async (time: string) =>
  (await escalateUrgentTickets({ schedule: 'ticket-escalations', time })) as unknown as EscalationRun;
const times = <T>(count: number, run: () => Promise<T>) => Promise.all(Array.from({ length: count }, run));
const sum = <T, K extends keyof T>(runs: readonly T[], field: K) =>
  runs.reduce((total, run) => total + Number(run[field]), 0);

// ---- retainer invoices -------------------------------------------------------------------------------------

const INVOICE_NUMBER = /^INV-(\d{4})-(\d{6})$/;
const numberOf = (invoice: { number: string }) => Number(INVOICE_NUMBER.exec(invoice.number)?.[2]);

/**
 * A year's invoices are numbered 1..N without a gap or a repeat, and the year's counter says N. Only for a
 * year that no other test file issues invoices in (theirs are issued now, from orders).
 */
async function expectGapFree(year: string) {
  const numbers = (await allInvoices())
    .map((item) => String(item.number))
    .filter((number) => number.startsWith(`INV-${year}-`))
    .map((number) => numberOf({ number }))
    .sort((a, b) => a - b);
  const counter = await getItem({ pk: `COUNTER#INVOICE#${year}`, sk: 'COUNTER' });
  expect(numbers.length).toBeGreaterThan(0);
  expect(counter?.last).toBe(numbers.length);
  expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
  return numbers.length;
}

/** How many retainer invoices for `month` the table holds, whoever's accounts they bill. */
const billedIn = async (month: string) =>
  (await allInvoices()).filter((item) => item.source?.kind === 'retainer' && item.source?.month === month)
    .length;

describe('retainer-invoices', () => {
  it('bills each active retainer client once a month, whatever the runs, and nobody else', async () => {
    const retainer = await newAccount({
      relationship: 'client',
      lifecycleStage: 'active',
      billing: { model: 'retainer', monthlyFee: 2_500_00 },
    });
    const dollars = await newAccount({
      relationship: 'client',
      lifecycleStage: 'active',
      billing: { model: 'retainer', monthlyFee: 1_200_00, currency: 'USD' },
    });
    const unbilled = {
      customer: await newAccount({
        relationship: 'customer',
        lifecycleStage: 'active',
        billing: { model: 'retainer', monthlyFee: 999_00 },
      }),
      prospect: await newAccount({
        relationship: 'client',
        lifecycleStage: 'prospect',
        billing: { model: 'retainer', monthlyFee: 500_00 },
      }),
      churned: await newAccount({
        relationship: 'client',
        lifecycleStage: 'churned',
        billing: { model: 'retainer', monthlyFee: 500_00 },
      }),
      perPurchase: await newAccount({
        relationship: 'client',
        lifecycleStage: 'active',
        billing: { model: 'per_purchase', monthlyFee: 100_00 },
      }),
      freeRetainer: await newAccount({
        relationship: 'client',
        lifecycleStage: 'active',
        billing: { model: 'retainer', monthlyFee: 0 },
      }),
      noBilling: await newAccount({ relationship: 'client', lifecycleStage: 'active' }),
    };

    const march = '2036-03';
    const first = await runInvoices('2036-03-01T06:00:00Z');
    expect(first).toMatchObject({ month: march });
    expect(first.issued).toBeGreaterThanOrEqual(2);
    expect(first.accounts).toBe(first.issued + first.charged + first.alreadyIssued);
    // Every invoice of the month in the table was issued by this run: no other file bills March 2036.
    expect(await billedIn(march)).toBe(first.issued);

    const [euroInvoice] = await invoicesOf(retainer);
    expect(await invoicesOf(retainer)).toHaveLength(1);
    expect(euroInvoice).toEqual({
      id: derivedId(`invoice#retainer#${retainer}#${march}`),
      accountId: retainer,
      number: expect.stringMatching(/^INV-2036-\d{6}$/),
      lines: [{ description: 'Retainer, 2036-03', quantity: 1, unitPrice: 2_500_00, amount: 2_500_00 }],
      currency: 'EUR',
      total: 2_500_00,
      issuedAt: '2036-03-01T06:00:00.000Z',
      dueAt: '2036-03-31T06:00:00.000Z',
      source: { kind: 'retainer', month: march },
      engagementType: 'tailored',
      createdAt: '2036-03-01T06:00:00.000Z',
      createdBy: 'system:retainer-invoices',
      updatedBy: 'system:retainer-invoices',
      version: 1,
    });
    const [dollarInvoice] = await invoicesOf(dollars);
    expect(await invoicesOf(dollars)).toHaveLength(1);
    expect(dollarInvoice).toMatchObject({
      id: derivedId(`invoice#retainer#${dollars}#${march}`),
      currency: 'USD',
      total: 1_200_00,
      lines: [{ description: 'Retainer, 2036-03', quantity: 1, unitPrice: 1_200_00, amount: 1_200_00 }],
      source: { kind: 'retainer', month: march },
    });
    expect(dollarInvoice.number).not.toBe(euroInvoice.number);
    for (const [what, accountId] of Object.entries(unbilled)) {
      expect(await invoicesOf(accountId), what).toEqual([]);
    }
    const byId = await call(getInvoice, 'GET', {
      resource: '/invoices/{id}',
      params: { id: euroInvoice.id },
    });
    expect(byId.json).toEqual(euroInvoice);

    // Again later the same month, then 2, 3 and 5 runs at once: nothing new for these accounts.
    const again = await runInvoices('2036-03-01T07:30:00Z');
    expect(again.month).toBe(march);
    expect(again.alreadyIssued).toBeGreaterThanOrEqual(2);
    expect(again.accounts).toBe(again.issued + again.charged + again.alreadyIssued);
    const racing: InvoiceRun[] = [];
    for (const count of [2, 3, 5])
      racing.push(...(await times(count, () => runInvoices('2036-03-01T06:00:00Z'))));
    for (const run of racing) expect(run.accounts).toBe(run.issued + run.charged + run.alreadyIssued);
    // Whatever the runs issued between them (other files' new retainer accounts included) is in the table once.
    expect(await billedIn(march)).toBe(first.issued + again.issued + sum(racing, 'issued'));
    expect(await invoicesOf(retainer)).toEqual([euroInvoice]);
    expect(await invoicesOf(dollars)).toEqual([dollarInvoice]);
    for (const accountId of Object.values(unbilled)) expect(await invoicesOf(accountId)).toEqual([]);

    // April: the fee went up, the prospect became active. Three runs at once.
    const raised = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: retainer },
      body: { billing: { model: 'retainer', monthlyFee: 3_000_00 } },
    });
    expect(raised.status).toBe(200);
    const promoted = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: unbilled.prospect },
      body: { lifecycleStage: 'active' },
    });
    expect(promoted.status).toBe(200);
    const april = await times(3, () => runInvoices('2036-04-01T06:00:00Z'));
    for (const run of april) expect(run.month).toBe('2036-04');
    expect(await billedIn('2036-04')).toBe(sum(april, 'issued'));

    const euroInvoices = await invoicesOf(retainer);
    expect(euroInvoices).toHaveLength(2);
    expect(euroInvoices).toContainEqual(euroInvoice);
    const aprilInvoice = euroInvoices.find((invoice: Json) => invoice.source.month === '2036-04');
    expect(aprilInvoice).toMatchObject({
      id: derivedId(`invoice#retainer#${retainer}#2036-04`),
      total: 3_000_00,
      lines: [{ description: 'Retainer, 2036-04', quantity: 1, unitPrice: 3_000_00, amount: 3_000_00 }],
      issuedAt: '2036-04-01T06:00:00.000Z',
      dueAt: '2036-05-01T06:00:00.000Z',
    });
    // Issued after March's, in the same year: a later number.
    expect(numberOf(aprilInvoice)).toBeGreaterThan(numberOf(euroInvoice));
    const dollarInvoices = await invoicesOf(dollars);
    expect(dollarInvoices.map((invoice: Json) => invoice.source.month).sort()).toEqual([march, '2036-04']);
    const promotedInvoices = await invoicesOf(unbilled.prospect);
    expect(promotedInvoices.map((invoice: Json) => invoice.source.month)).toEqual(['2036-04']);
    expect(promotedInvoices[0]).toMatchObject({ total: 500_00, currency: 'EUR' });
    for (const [what, accountId] of Object.entries(unbilled)) {
      if (accountId !== unbilled.prospect) expect(await invoicesOf(accountId), what).toEqual([]);
    }

    // 2036's numbers: 1..N, N on the counter, N = every invoice these runs issued.
    const issuedIn2036 = await expectGapFree('2036');
    expect(issuedIn2036).toBe(first.issued + again.issued + sum(racing, 'issued') + sum(april, 'issued'));
  });

  it('numbers invoices issued concurrently gap-free: distinct numbers 1..N, the counter at N', async () => {
    const fees = Array.from({ length: 20 }, (_, index) => 100_00 + index);
    const accounts = await Promise.all(
      fees.map((monthlyFee) =>
        newAccount({
          relationship: 'client',
          lifecycleStage: 'active',
          billing: { model: 'retainer', monthlyFee },
        }),
      ),
    );
    const runs = [
      ...(await times(3, () => runInvoices('2037-01-01T06:00:00Z'))),
      ...(await times(5, () => runInvoices('2037-01-01T06:00:00Z'))),
    ];
    for (const run of runs) {
      expect(run.month).toBe('2037-01');
      expect(run.accounts).toBe(run.issued + run.charged + run.alreadyIssued);
    }
    const mine = await Promise.all(accounts.map(invoicesOf));
    for (const [index, invoices] of mine.entries()) {
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ total: fees[index], number: expect.stringMatching(/^INV-2037-/) });
    }
    const numbers = mine.map((invoices) => invoices[0].number as string);
    expect(new Set(numbers).size).toBe(accounts.length);
    // Every 2037 invoice came from these runs: as many as they say they issued, numbered 1..N.
    expect(await expectGapFree('2037')).toBe(sum(runs, 'issued'));
    expect(sum(runs, 'issued')).toBeGreaterThanOrEqual(accounts.length);
  });
});

// ---- tasks due ---------------------------------------------------------------------------------------------
// The checkpoint (JOB#tasks-due) is one item for the whole table and only moves forward; only this file runs
// the job. The tests below run in order and each works in a later period of 2031, starting with a run that
// sets the checkpoint to its start, so its first window is known.

const dueItems = (taskId: string) =>
  queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :due)',
    ExpressionAttributeValues: { ':pk': `TASK#${taskId}`, ':due': 'DUE#' },
    ConsistentRead: true,
  });
const dueMail = (task: { id: string; dueAt: string }) => mailFor(`task-due#${task.id}#${task.dueAt}`);

describe('tasks-due', () => {
  it('announces the open tasks due in the window once, e-mailing assignees who are active members', async () => {
    const member = await newMember(['admin']);
    const inactive = await newMember(['service'], false);
    const accountId = await newAccount({ name: 'Harbour Foods' });
    const contact = await call(createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
      body: { name: 'Dana Doe' },
    });
    expect(contact.status).toBe(201);
    const contactId = contact.json.id as string;
    // Due exactly at the start of the 09:00 window: announced by the run before, at 08:00. (The 09:00 run reads
    // it again — the key range is closed at both ends — and counts it as already announced.)
    const atStart = await newTask({ title: 'On the hour', dueAt: '2031-03-03T08:00:00Z' });
    const start = await runDue('2031-03-03T08:00:00Z');
    expect(start.window).toEqual({ from: '2031-03-03T07:00:00.000Z', to: '2031-03-03T08:00:00.000Z' });
    expect(await dueItems(atStart.id)).toHaveLength(1);

    const mailed = await newTask({
      title: 'Call back',
      assigneeId: member.id,
      dueAt: '2031-03-03T09:30:00+01:00',
      links: { accountId, contactId },
      checklist: [{ text: 'Dial' }, { text: 'Apologise', done: true }],
    });
    const atEnd = await newTask({
      title: 'Due at the run',
      assigneeId: member.id,
      dueAt: '2031-03-03T09:00:00Z',
    });
    const unassigned = await newTask({ title: 'Nobody', dueAt: '2031-03-03T08:50:00Z' });
    // Records that name someone who is no (active) member: the API refuses such a reference, so they stand
    // for records from before that check, and for a member deactivated after the assignment.
    const stranger = await assignedBehindTheApi(
      await newTask({ title: 'Stranger', dueAt: '2031-03-03T08:15:00Z' }),
      'not-a-member',
    );
    const dormant = await assignedBehindTheApi(
      await newTask({ title: 'Dormant', dueAt: '2031-03-03T08:20:00Z' }),
      inactive.id,
    );
    const done = await newTask({ title: 'Done', assigneeId: member.id, dueAt: '2031-03-03T08:40:00Z' });
    await patchTask(done.id, { status: 'done' });
    const cancelled = await newTask({ title: 'Off', assigneeId: member.id, dueAt: '2031-03-03T08:45:00Z' });
    await patchTask(cancelled.id, { status: 'cancelled' });
    const justAfter = await newTask({
      title: 'Next hour',
      assigneeId: member.id,
      dueAt: '2031-03-03T09:00:00.001Z',
    });
    // Created after its window passed: no run looks back at it.
    const missed = await newTask({
      title: 'Missed',
      assigneeId: member.id,
      dueAt: '2031-03-03T07:59:59.999Z',
    });
    const announced = [mailed, atEnd, unassigned, stranger, dormant];

    const run = await runDue('2031-03-03T09:00:00Z');
    expect(run.window).toEqual({ from: '2031-03-03T08:00:00.000Z', to: '2031-03-03T09:00:00.000Z' });
    expect(run).toMatchObject({ announced: 5, mailed: 2 });
    expect(run.due).toBe(run.announced + run.alreadyAnnounced);
    // The checkpoint, the tasks in the window, one read per distinct assignee (member, inactive, stranger),
    // and the account and contact a mailed task names (one BatchGet for the two).
    expect(run.read).toBe(1 + run.due + 3 + 2);

    for (const task of announced) {
      const items = await dueItems(task.id);
      expect(items, task.title).toHaveLength(1);
      expect(items[0]).toEqual({
        pk: `TASK#${task.id}`,
        sk: `DUE#${task.dueAt}`,
        type: 'TaskDue',
        id: task.id,
        title: task.title,
        dueAt: task.dueAt,
        ...(task.assigneeId === undefined ? {} : { assigneeId: task.assigneeId }),
        links: task.links,
        ...(task.links.accountId === undefined ? {} : { accountId: task.links.accountId }),
        createdAt: '2031-03-03T09:00:00.000Z',
        createdBy: 'system:tasks-due',
        updatedBy: 'system:tasks-due',
        version: 1,
        expiresAt: Date.parse('2031-03-03T09:00:00Z') / 1000 + 90 * 24 * 3600,
      });
    }
    for (const task of [done, cancelled, justAfter, missed]) {
      expect(await dueItems(task.id), task.title).toEqual([]);
      expect(await dueMail(task), task.title).toBeUndefined();
    }
    expect(await dueItems(atStart.id)).toMatchObject([{ createdAt: '2031-03-03T08:00:00.000Z' }]);

    expect(await dueMail(mailed)).toEqual({
      ...mailKey(derivedId(`task-due#${mailed.id}#2031-03-03T08:30:00.000Z`)),
      type: 'Mail',
      id: derivedId(`task-due#${mailed.id}#2031-03-03T08:30:00.000Z`),
      to: member.email,
      subject: 'Due now: Call back',
      text: [
        `Hello ${member.name},`,
        '',
        'Your task “Call back” is due 2031-03-03 08:30 UTC.',
        'Account: Harbour Foods',
        'Contact: Dana Doe',
        '  [ ] Dial',
        '',
        `${API_URL}/tasks/${mailed.id}`,
      ].join('\n'),
      status: 'queued',
      about: { accountId, contactId },
      createdAt: '2031-03-03T09:00:00.000Z',
      // Waiting to be sent: in the pending index, by when it was made.
      gsi2pk: 'MAIL#PENDING',
      gsi2sk: `2031-03-03T09:00:00.000Z#${derivedId(`task-due#${mailed.id}#2031-03-03T08:30:00.000Z`)}`,
      createdBy: 'system:tasks-due',
      updatedBy: 'system:tasks-due',
      version: 1,
    });
    // A task linked to nothing names nothing, and still links to itself.
    expect(await dueMail(atEnd)).toMatchObject({
      to: member.email,
      subject: 'Due now: Due at the run',
      text: [
        `Hello ${member.name},`,
        '',
        'Your task “Due at the run” is due 2031-03-03 09:00 UTC.',
        '',
        `${API_URL}/tasks/${atEnd.id}`,
      ].join('\n'),
    });
    for (const task of [unassigned, stranger, dormant])
      expect(await dueMail(task), task.title).toBeUndefined();

    // Again, then four at once, for the same hour: nothing more.
    const snapshot = await Promise.all(
      announced.map(async (task) => [await dueItems(task.id), await dueMail(task)]),
    );
    const rerun = await runDue('2031-03-03T09:00:00Z');
    expect(rerun).toMatchObject({ due: run.due, announced: 0, alreadyAnnounced: run.due, mailed: 0 });
    const reruns = await times(4, () => runDue('2031-03-03T09:00:00Z'));
    for (const each of reruns) expect(each).toMatchObject({ due: run.due, announced: 0, mailed: 0 });
    expect(
      await Promise.all(announced.map(async (task) => [await dueItems(task.id), await dueMail(task)])),
    ).toEqual(snapshot);

    // The next hour, four runs at once for it: the task due a millisecond after 09:00 is announced once.
    const next = await times(4, () => runDue('2031-03-03T10:00:00Z'));
    for (const each of next) {
      expect(each.window).toEqual({ from: '2031-03-03T09:00:00.000Z', to: '2031-03-03T10:00:00.000Z' });
      expect(each.due).toBe(each.announced + each.alreadyAnnounced);
    }
    expect(sum(next, 'announced')).toBe(1);
    expect(sum(next, 'mailed')).toBe(1);
    expect(await dueItems(justAfter.id)).toMatchObject([{ createdAt: '2031-03-03T10:00:00.000Z' }]);
    expect(await dueMail(justAfter)).toMatchObject({
      to: member.email,
      createdAt: '2031-03-03T10:00:00.000Z',
    });
    for (const task of [done, cancelled, missed]) expect(await dueItems(task.id)).toEqual([]);

    // What the stream makes of a TaskDue record: a TaskDue event matching its version-1 schema; its expiry
    // (a REMOVE) announces nothing.
    const [item] = await dueItems(mailed.id);
    const image = marshall(item, { removeUndefinedValues: true }) as NonNullable<
      NonNullable<DynamoDBRecord['dynamodb']>['NewImage']
    >;
    const event = toDomainEvent({ eventName: 'INSERT', dynamodb: { NewImage: image } });
    expect(event?.detailType).toBe('TaskDue');
    expect(event?.detail).toMatchObject({
      entity: 'TaskDue',
      id: mailed.id,
      accountId,
      occurredAt: '2031-03-03T09:00:00.000Z',
      data: {
        id: mailed.id,
        title: 'Call back',
        dueAt: '2031-03-03T08:30:00.000Z',
        assigneeId: member.id,
        accountId,
        links: { accountId, contactId },
      },
    });
    const schema = DETAIL_SCHEMAS.get('TaskDue');
    expect(schema).toBeDefined();
    if (schema !== undefined) expect(() => z.parse(schema, event?.detail)).not.toThrow();
    expect(toDomainEvent({ eventName: 'REMOVE', dynamodb: { OldImage: image } })).toBeUndefined();
  });

  it('reads the tasks of its window, not the open tasks of the table', async () => {
    const member = await newMember(['admin']);
    await runDue('2031-04-10T12:00:00Z');
    for (const minute of ['05', '30', '59']) {
      await newTask({ title: `In ${minute}`, assigneeId: member.id, dueAt: `2031-04-10T12:${minute}:00Z` });
    }
    const before = await runDue('2031-04-10T13:00:00Z');
    expect(before).toMatchObject({ due: 3, announced: 3, mailed: 3 });
    expect(before.read).toBe(1 + 3 + 1);

    // 200 more open tasks, due the day before and the day after the window.
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => {
          const offset = (batch * 20 + index + 1) * MINUTE;
          const dueAt =
            batch % 2 === 0 ? plus('2031-04-09T12:00:00Z', offset) : plus('2031-04-11T12:00:00Z', offset);
          return newTask({ title: 'Elsewhere', assigneeId: member.id, dueAt });
        }),
      );
    }
    const after = await runDue('2031-04-10T13:00:00Z');
    expect(after).toMatchObject({ due: 3, announced: 0, alreadyAnnounced: 3, mailed: 0 });
    expect(after.read).toBe(before.read);
  });

  it('announces a rescheduled task again at its new time, and catches up on missed hours', async () => {
    const member = await newMember(['admin']);
    await runDue('2031-05-05T09:00:00Z');
    const task = await newTask({ title: 'Moving', assigneeId: member.id, dueAt: '2031-05-05T09:30:00Z' });
    // Without the API's public address (none configured) the mail goes without the link.
    delete process.env.PUBLIC_API_URL;
    try {
      expect(await runDue('2031-05-05T10:00:00Z')).toMatchObject({ due: 1, announced: 1, mailed: 1 });
    } finally {
      process.env.PUBLIC_API_URL = API_URL;
    }
    expect((await dueMail({ id: task.id, dueAt: '2031-05-05T09:30:00.000Z' }))?.text).toBe(
      [`Hello ${member.name},`, '', 'Your task “Moving” is due 2031-05-05 09:30 UTC.'].join('\n'),
    );
    const moved = await patchTask(task.id, { dueAt: '2031-05-05T11:15:00Z' });
    expect(moved.dueAt).toBe('2031-05-05T11:15:00.000Z');
    expect(await runDue('2031-05-05T11:00:00Z')).toMatchObject({ due: 0, announced: 0 });
    expect(await runDue('2031-05-05T12:00:00Z')).toMatchObject({ due: 1, announced: 1, mailed: 1 });
    expect((await dueItems(task.id)).map((item) => [item.sk, item.createdAt])).toEqual([
      ['DUE#2031-05-05T09:30:00.000Z', '2031-05-05T10:00:00.000Z'],
      ['DUE#2031-05-05T11:15:00.000Z', '2031-05-05T12:00:00.000Z'],
    ]);
    expect(await dueMail({ id: task.id, dueAt: '2031-05-05T09:30:00.000Z' })).toMatchObject({
      subject: 'Due now: Moving',
      text: expect.stringContaining('due 2031-05-05 09:30 UTC'),
    });
    expect(await dueMail(moved)).toMatchObject({
      to: member.email,
      text: expect.stringContaining('due 2031-05-05 11:15 UTC'),
      createdAt: '2031-05-05T12:00:00.000Z',
    });
    // Rescheduled into an hour already run: not announced by a later run (its window has passed).
    const back = await patchTask(task.id, { dueAt: '2031-05-05T09:45:00Z' });
    expect(await runDue('2031-05-05T13:00:00Z')).toMatchObject({ due: 0 });
    expect(await dueMail(back)).toBeUndefined();

    // Runs at 14:00 and 15:00 missed: the 16:00 run looks back to the last one, at 13:00.
    const during = await newTask({ title: 'During', assigneeId: member.id, dueAt: '2031-05-05T13:30:00Z' });
    const later = await newTask({ title: 'Later', dueAt: '2031-05-05T15:10:00Z' });
    const caughtUp = await runDue('2031-05-05T16:00:00Z');
    expect(caughtUp).toMatchObject({
      window: { from: '2031-05-05T13:00:00.000Z', to: '2031-05-05T16:00:00.000Z' },
      due: 2,
      announced: 2,
      mailed: 1,
    });
    expect(await dueItems(during.id)).toHaveLength(1);
    expect(await dueItems(later.id)).toHaveLength(1);

    // Down for two weeks: the next run looks back 7 days, no further.
    const tooOld = await newTask({
      title: 'Too old',
      dueAt: plus('2031-05-20T12:00:00Z', -7 * DAY - MINUTE),
    });
    const oldest = await newTask({
      title: 'Oldest caught',
      dueAt: plus('2031-05-20T12:00:00Z', -7 * DAY + MINUTE),
    });
    const resumed = await runDue('2031-05-20T12:00:00Z');
    expect(resumed).toMatchObject({
      window: { from: iso('2031-05-13T12:00:00Z'), to: iso('2031-05-20T12:00:00Z') },
      due: 1,
      announced: 1,
    });
    expect(await dueItems(tooOld.id)).toEqual([]);
    expect(await dueItems(oldest.id)).toHaveLength(1);
    // A run for an hour before the checkpoint (a manual re-run) looks back one hour only.
    expect((await runDue('2031-05-20T10:00:00Z')).window).toEqual({
      from: '2031-05-20T09:00:00.000Z',
      to: '2031-05-20T10:00:00.000Z',
    });
    const checkpoint = await getItem({ pk: 'JOB#tasks-due', sk: 'CHECKPOINT' });
    expect(checkpoint?.until).toBe('2031-05-20T12:00:00.000Z');
    const read = await call(getTask, 'GET', { resource: '/tasks/{id}', params: { id: task.id } });
    expect(read.json).toMatchObject({ status: 'open', dueAt: '2031-05-05T09:45:00.000Z' });
  });
});

// ---- ticket escalations ------------------------------------------------------------------------------------
// A ticket's createdAt is the handler's `new Date()`: the tickets are opened with the clock (Date only) set to
// June 2021, so the job, run for June 2021, sees these tickets and no other file's. Running it at now + 5 h
// instead would escalate (and bump the version of) the urgent tickets other files are working on meanwhile.
//
// "No active admin → nothing stamped" (and "an active member who is not an admin gets nothing") is tested in
// test/unit/jobs.test.ts with the member list mocked: here the member list is the whole table's, and another
// file may add an admin at any time.

describe('ticket-escalations', () => {
  it('escalates urgent tickets unresolved 4 hours after opening, once, by e-mail to each active admin', async () => {
    const admin = await newMember(['admin']);
    const deputy = await newMember(['admin']);
    const retiredAdmin = await newMember(['admin'], false);
    const agent = await newMember(['service']);
    const accountId = await newAccount({ relationship: 'client' });

    const opened = '2021-06-01T08:00:00.000Z';
    const open = async (body: Record<string, unknown>, ...moves: string[]) => {
      const created = await call(createTicket, 'POST', {
        resource: '/tickets',
        body: { accountId, problem: 'Down', priority: 'urgent', ...body },
      });
      expect(created.status).toBe(201);
      for (const status of moves) expect((await patchTicket(created.json.id, { status })).status).toBe(200);
      return readTicket(created.json.id);
    };
    let fresh: Json;
    const tickets: Record<string, Json> = {};
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(opened) });
    try {
      tickets.asNew = await open({ product: 'Router', problem: 'Network down', assigneeId: agent.id });
      tickets.asOpen = await open({}, 'open');
      tickets.asPending = await open({}, 'open', 'pending');
      tickets.high = await open({ priority: 'high' });
      tickets.resolved = await open({}, 'resolved');
      tickets.closed = await open({}, 'resolved', 'closed');
      vi.setSystemTime(new Date('2021-06-01T09:00:00.001Z'));
      fresh = await open({ problem: 'Three hours later' });
    } finally {
      vi.useRealTimers();
    }
    expect(tickets.asNew.createdAt).toBe(opened);
    expect(fresh.createdAt).toBe('2021-06-01T09:00:00.001Z');
    const overdue = [tickets.asNew, tickets.asOpen, tickets.asPending];
    const left = [tickets.high, tickets.resolved, tickets.closed, fresh];

    // Exactly 4 hours after opening is not yet more than 4 hours.
    expect(await runEscalations('2021-06-01T12:00:00.000Z')).toMatchObject({ overdue: 0, escalated: 0 });
    for (const ticket of [...overdue, ...left])
      expect((await readTicket(ticket.id)).version).toBe(ticket.version);

    const adminsBefore = (await allMembers()).filter(
      (member) => member.active && member.roles.includes('admin'),
    );
    const at = '2021-06-01T12:00:00.001Z';
    const run = await runEscalations(at);
    expect(run).toMatchObject({ overdue: 3, escalated: 3 });
    expect(run.admins).toBeGreaterThanOrEqual(2);
    for (const ticket of overdue) {
      const now = await readTicket(ticket.id);
      expect(now).toEqual({
        ...ticket,
        escalatedAt: at,
        updatedAt: at,
        updatedBy: 'system:ticket-escalations',
        version: ticket.version + 1,
      });
      for (const each of adminsBefore) {
        expect(await mailFor(`escalation#${ticket.id}#${each.id}`), each.email).toMatchObject({
          to: each.email,
          createdAt: at,
        });
      }
      for (const each of [retiredAdmin, agent]) {
        expect(await mailFor(`escalation#${ticket.id}#${each.id}`)).toBeUndefined();
      }
    }
    for (const ticket of left) {
      expect(await readTicket(ticket.id)).toEqual(ticket);
      expect(await mailFor(`escalation#${ticket.id}#${admin.id}`)).toBeUndefined();
    }
    expect(await mailFor(`escalation#${tickets.asNew.id}#${admin.id}`)).toEqual({
      ...mailKey(derivedId(`escalation#${tickets.asNew.id}#${admin.id}`)),
      type: 'Mail',
      id: derivedId(`escalation#${tickets.asNew.id}#${admin.id}`),
      to: admin.email,
      subject: 'Escalated: urgent ticket unresolved for 4 hours — Network down',
      text: [
        `Hello ${admin.name},`,
        '',
        'An urgent ticket opened 2021-06-01 08:00 UTC is still new.',
        'Account: Jobs',
        'Product: Router',
        'Problem: Network down',
        `Assignee: ${agent.name}`,
        '',
        `${API_URL}/tickets/${tickets.asNew.id}`,
      ].join('\n'),
      status: 'queued',
      about: { accountId, ticketId: tickets.asNew.id },
      createdAt: at,
      gsi2pk: 'MAIL#PENDING',
      gsi2sk: `${at}#${derivedId(`escalation#${tickets.asNew.id}#${admin.id}`)}`,
      createdBy: 'system:ticket-escalations',
      updatedBy: 'system:ticket-escalations',
      version: 1,
    });
    expect(await mailFor(`escalation#${tickets.asPending.id}#${deputy.id}`)).toMatchObject({
      to: deputy.email,
      text: expect.stringContaining('is still pending.'),
    });

    // Again, and three at once an hour later: the escalated tickets are left alone; the one opened at 09:00
    // is now overdue and escalated by exactly one of the three.
    const escalated = await Promise.all(overdue.map((ticket) => readTicket(ticket.id)));
    expect(await runEscalations(at)).toMatchObject({ overdue: 0, escalated: 0 });
    const later = '2021-06-01T13:00:00.002Z';
    const racing = await times(3, () => runEscalations(later));
    expect(sum(racing, 'escalated')).toBe(1);
    for (const each of racing) expect(each.overdue).toBeLessThanOrEqual(1);
    expect(await Promise.all(overdue.map((ticket) => readTicket(ticket.id)))).toEqual(escalated);
    for (const ticket of overdue) {
      expect(await mailFor(`escalation#${ticket.id}#${admin.id}`)).toMatchObject({ createdAt: at });
    }
    expect(await readTicket(fresh.id)).toMatchObject({ escalatedAt: later, version: fresh.version + 1 });
    expect(await mailFor(`escalation#${fresh.id}#${admin.id}`)).toMatchObject({ createdAt: later });
    expect(await mailFor(`escalation#${fresh.id}#${deputy.id}`)).toMatchObject({ createdAt: later });
    for (const ticket of left.slice(0, 3)) expect(await readTicket(ticket.id)).toEqual(ticket);

    // The stamp is a write like any other: the version read before it is stale now.
    const stale = await patchTicket(tickets.asNew.id, { status: 'open' }, tickets.asNew.version);
    expect(stale.status).toBe(412);
    const current = await patchTicket(tickets.asNew.id, { status: 'open' }, tickets.asNew.version + 1);
    expect(current.status).toBe(200);
    expect(current.json).toMatchObject({
      status: 'open',
      escalatedAt: at,
      version: tickets.asNew.version + 2,
    });
  });
});
