// A client's account manager against DynamoDB Local: set and cleared on the account (an active service member,
// refused by field otherwise, nothing written); who a new ticket goes to by default — the client's account
// manager, else the service member whose turn it is (a customer's, or a client's whose manager has left) —
// from a support form and from POST /tickets, each with one e-mail to its assignee queued in the ticket's
// transaction; an Idempotency-Key replay assigns and mails nothing more and takes no turn.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/proxy-event.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { formSubmitted, submitForm } from '../support/form-events.ts';
import { useOwnTable } from '../support/own-table.ts';

// A team of its own: the service round-robin checked here turns among these members only.
await useOwnTable('account-managers');

type Http = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const http = (name: string) => loadHandler<Http>(name);
const h = {
  createMember: await http('team/handlers/create-member'),
  updateMember: await http('team/handlers/update-member'),
  createAccount: await http('accounts/handlers/create-account'),
  updateAccount: await http('accounts/handlers/update-account'),
  listAccounts: await http('accounts/handlers/list-accounts'),
  createContact: await http('accounts/handlers/create-contact'),
  createTicket: await http('service/handlers/create-ticket'),
  createTask: await http('work/handlers/create-task'),
  listAccountTickets: await http('service/handlers/list-account-tickets'),
  createForm: await http('forms/handlers/create-form'),
  processSupport: await loadHandler<(event: unknown, context: Context) => Promise<unknown>>(
    'forms/handlers/process-support-submission',
  ),
};
const { readItem } = await import('../../functions/platform/store.ts');
const { mailKey } = await import('../../functions/work/entity.ts');

interface Member {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}
const stamp = Date.now().toString(36);
let made = 0;
async function member(roles: string[], active = true): Promise<Member> {
  const name = `Member ${++made}`;
  const response = await call(h.createMember, 'POST', {
    resource: '/team',
    body: { name, email: `m${made}.${stamp}@team.test`, roles, active },
  });
  expect(response.status, response.text).toBe(201);
  return response.json;
}

const createAccount = (body: Record<string, unknown>) =>
  call(h.createAccount, 'POST', { resource: '/accounts', body });
const patchAccount = (id: string, body: Record<string, unknown>) =>
  call(h.updateAccount, 'PATCH', { resource: '/accounts/{id}', params: { id }, body });
const openTicket = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(h.createTicket, 'POST', { resource: '/tickets', body, headers });
const ticketsOf = async (accountId: string) =>
  (await call(h.listAccountTickets, 'GET', { resource: '/accounts/{id}/tickets', params: { id: accountId } }))
    .json.items as { id: string; assigneeId?: string }[];
const mailOf = (id: string) => readItem(mailKey(id));

async function account(body: Record<string, unknown>): Promise<string> {
  const response = await createAccount({ name: 'Account', ...body });
  expect(response.status, response.text).toBe(201);
  return response.json.id;
}

// Two service members take turns: `manager` manages the clients below, `agent` manages none.
let manager: Member;
let agent: Member;
let seller: Member;
/** The service member who is not `one` (of the two in turn). */
const other = (one: string | undefined) => (one === manager.id ? agent.id : manager.id);

beforeAll(async () => {
  manager = await member(['service']);
  agent = await member(['service']);
  seller = await member(['sales']);
});

describe('accountManagerId on an account', () => {
  it('is set on create and patch to an active service member, refused by field otherwise, cleared by null', async () => {
    const created = await createAccount({
      name: 'Globex',
      relationship: 'client',
      accountManagerId: manager.id,
    });
    expect(created.status).toBe(201);
    expect(created.json.accountManagerId).toBe(manager.id);
    const away = await member(['service'], false);
    const refusals = [
      { id: seller.id, message: /not in service/ },
      { id: away.id, message: /No active team member/ },
      { id: 'nobody', message: /No active team member/ },
    ];
    for (const { id, message } of refusals) {
      const name = `Refused ${id}`;
      const refused = await createAccount({ name, accountManagerId: id, ownerId: seller.id });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details).toEqual([
        { path: 'accountManagerId', message: expect.stringMatching(message) },
      ]);
      const patched = await patchAccount(created.json.id, { accountManagerId: id });
      expect(patched.status).toBe(400);
      expect(patched.json.error.details[0].path).toBe('accountManagerId');
      const listed = await call(h.listAccounts, 'GET', {
        resource: '/accounts',
        query: { accountManagerId: id },
      });
      expect(listed.json.items).toEqual([]);
    }
    // The owner who closed it and the manager who serves it are two fields, each checked for its role.
    const both = await createAccount({ name: 'Both', ownerId: manager.id, accountManagerId: seller.id });
    expect(both.json.error.details.map((detail: { path: string }) => detail.path)).toEqual([
      'ownerId',
      'accountManagerId',
    ]);
    const cleared = await patchAccount(created.json.id, { accountManagerId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).not.toHaveProperty('accountManagerId');
    expect(cleared.json.version).toBe(2);
  });
});

describe('POST /tickets without an assignee', () => {
  it("goes to a client's account manager, a customer's to the service member in turn, each e-mailed once", async () => {
    const client = await account({ name: 'Client Co', relationship: 'client', accountManagerId: manager.id });
    // A manager on a customer does not count: customers are served by the team in turn.
    const customer = await account({ name: 'Customer Co', accountManagerId: manager.id });
    const first = await openTicket({ accountId: customer, problem: 'Broken', priority: 'high' });
    expect(first.status, first.text).toBe(201);
    const managed = await openTicket({ accountId: client, problem: 'Slow', product: 'Router X2' });
    const second = await openTicket({ accountId: customer, problem: 'Broken again' });
    expect(managed.json.assigneeId).toBe(manager.id);
    // The manager's ticket took no turn: the customer's next ticket goes to the other member.
    expect([manager.id, agent.id]).toContain(first.json.assigneeId);
    expect(second.json.assigneeId).toBe(other(first.json.assigneeId));

    const mail = await mailOf(managed.json.id);
    expect(mail).toMatchObject({
      id: managed.json.id,
      to: manager.email,
      status: 'queued',
      subject: 'New normal ticket: Slow',
      about: { accountId: client, ticketId: managed.json.id },
      gsi2pk: 'MAIL#PENDING',
    });
    expect(mail?.text).toContain(`Hello ${manager.name},`);
    expect(mail?.text).toContain('the account manager of Client Co');
    expect(mail?.text).toContain('Product: Router X2');
    const firstMail = await mailOf(first.json.id);
    expect(firstMail?.to).toBe([manager, agent].find((each) => each.id === first.json.assigneeId)?.email);
    expect(firstMail?.text).not.toContain('account manager');
  });

  it('keeps an assignee given, and e-mails nobody', async () => {
    const client = await account({ relationship: 'client', accountManagerId: manager.id });
    const given = await openTicket({ accountId: client, problem: 'Given', assigneeId: agent.id });
    expect(given.json.assigneeId).toBe(agent.id);
    expect(await mailOf(given.json.id)).toBeUndefined();
  });

  it('answers a replay with the same ticket: one ticket, one e-mail, no turn taken', async () => {
    const customer = await account({ name: 'Replayed Co' });
    const key = `ticket-${stamp}`;
    const body = { accountId: customer, problem: 'Once' };
    const first = await openTicket(body, { 'Idempotency-Key': key });
    const again = await openTicket(body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    const next = await openTicket({ accountId: customer, problem: 'Next' });
    expect(next.json.assigneeId).toBe(other(first.json.assigneeId));
    // At once: one ticket and one e-mail whatever the number of attempts.
    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        openTicket({ ...body, problem: 'Racing' }, { 'Idempotency-Key': `${key}-race` }),
      ),
    );
    expect(racing.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(racing.map((response) => response.json.id)).size).toBe(1);
    const tickets = await ticketsOf(customer);
    expect(tickets.map((ticket) => ticket.id).sort()).toEqual(
      [first.json.id, next.json.id, racing[0]?.json.id].sort(),
    );
    for (const ticket of tickets) expect((await mailOf(ticket.id))?.to).toEqual(expect.any(String));
    const other422 = await openTicket({ ...body, problem: 'Other' }, { 'Idempotency-Key': key });
    expect(other422.status).toBe(422);
  });

  it('gives racing tickets a turn each, at once, and gives back the turn of a refused one', async () => {
    const customer = await account({ name: 'Busy Co' });
    const racing = await Promise.all(
      Array.from({ length: 12 }, (_, index) => openTicket({ accountId: customer, problem: `Rush ${index}` })),
    );
    expect(racing.map((response) => response.status)).toEqual(new Array(12).fill(201));
    const assignees = racing.map((response) => response.json.assigneeId);
    expect(assignees.filter((id) => id === manager.id)).toHaveLength(6);
    expect(assignees.filter((id) => id === agent.id)).toHaveLength(6);

    const before = await openTicket({ accountId: customer, problem: 'Before' });
    const refused = await openTicket({
      accountId: customer,
      contactId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      problem: 'About nobody',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const after = await openTicket({ accountId: customer, problem: 'After' });
    // The refused ticket's turn came back: the member after `before` is next, as if it had never been asked.
    expect(after.json.assigneeId).toBe(other(before.json.assigneeId));
  });

  it("falls back to the turn when the client's manager has left, and 404s an unknown account", async () => {
    const leaving = await member(['service']);
    const client = await account({ relationship: 'client', accountManagerId: leaving.id });
    const deactivated = await call(h.updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: leaving.id },
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);
    const ticket = await openTicket({ accountId: client, problem: 'Who takes it?' });
    expect([manager.id, agent.id]).toContain(ticket.json.assigneeId);
    expect((await mailOf(ticket.json.id))?.to).not.toBe(leaving.email);
    const unknown = await openTicket({ accountId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', problem: 'Nobody' });
    expect(unknown.status).toBe(404);
  });
});

describe('POST /tasks without an assignee', () => {
  const makeTask = (links: Record<string, string>, extra: Record<string, unknown> = {}) =>
    call(h.createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Quarterly review', dueAt: '2026-12-14T09:00:00Z', links, ...extra },
    });

  it("goes to a client's account manager; a customer's, or one without an account, stays unassigned", async () => {
    const client = await account({ relationship: 'client', accountManagerId: manager.id });
    const task = await makeTask({ accountId: client });
    expect(task.status, task.text).toBe(201);
    expect(task.json.assigneeId).toBe(manager.id);
    // One given is kept.
    const given = await makeTask({ accountId: client }, { assigneeId: seller.id });
    expect(given.json.assigneeId).toBe(seller.id);
    // A customer's manager field does not count until it is a client; no account, nobody to default to.
    const customer = await account({ relationship: 'customer', accountManagerId: manager.id });
    const customers = await makeTask({ accountId: customer });
    expect(customers.status).toBe(201);
    expect(customers.json).not.toHaveProperty('assigneeId');
    const loose = await call(h.createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Tidy the pipeline', dueAt: '2026-12-14T09:00:00Z' },
    });
    expect(loose.status, loose.text).toBe(201);
    expect(loose.json).not.toHaveProperty('assigneeId');
  });

  it('stays unassigned when the manager has left the team', async () => {
    const leaving = await member(['service']);
    const client = await account({ relationship: 'client', accountManagerId: leaving.id });
    const away = await call(h.updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: leaving.id },
      body: { active: false },
    });
    expect(away.status, away.text).toBe(200);
    const task = await makeTask({ accountId: client });
    expect(task.status).toBe(201);
    expect(task.json).not.toHaveProperty('assigneeId');
  });
});

describe('a support form ticket', () => {
  async function supportTicket(accountId: string, email: string, deliveries = 1) {
    const contact = await call(h.createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
      body: { name: 'Dana', email },
    });
    expect(contact.status).toBe(201);
    const form = await call(h.createForm, 'POST', {
      resource: '/forms',
      body: {
        name: 'Support',
        kind: 'support',
        fields: [
          { name: 'email', label: 'E-mail', type: 'email', required: true },
          { name: 'problem', label: 'Problem', type: 'textarea', required: true },
        ],
      },
    });
    const submission = await submitForm(form.json.id, { email, problem: 'It does not start' });
    const event = formSubmitted(submission);
    for (let delivery = 0; delivery < deliveries; delivery++)
      await h.processSupport(event, lambdaContext('t'));
    const tickets = await ticketsOf(accountId);
    expect(tickets).toHaveLength(1);
    return { ticket: tickets[0], mail: await mailOf(submission.id) };
  }

  it("goes to the client's account manager, a customer's to the member in turn", async () => {
    const client = await account({ relationship: 'client', accountManagerId: agent.id });
    // Delivered twice: one ticket, one e-mail, to the manager both times.
    const served = await supportTicket(client, `client.${stamp}@corp.example`, 2);
    expect(served.ticket?.assigneeId).toBe(agent.id);
    expect(served.mail).toMatchObject({ to: agent.email, status: 'queued' });
    const customer = await account({ accountManagerId: agent.id });
    const first = await supportTicket(customer, `customer.${stamp}@corp.example`);
    const second = await supportTicket(await account({}), `customer2.${stamp}@corp.example`);
    expect([manager.id, agent.id]).toContain(first.ticket?.assigneeId);
    expect(second.ticket?.assigneeId).toBe(other(first.ticket?.assigneeId));
    expect(second.mail?.to).toBe(
      [manager, agent].find((each) => each.id === second.ticket?.assigneeId)?.email,
    );
  });
});
