// Tickets and their surveys against DynamoDB Local: creation refusals by field, the status machine's stamps
// (first response, resolution, reopen, close), racing moves with one winner, lists from indexes, and the
// resolved-ticket automation delivered 1–3 times → one survey e-mail per resolution, answered once.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { toDomainEvent } from '../../functions/events/events.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { ticketKey } from '../../functions/service/entity.ts';
import { handler as answerSurvey } from '../../functions/service/handlers/answer-survey.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as getSurvey } from '../../functions/service/handlers/get-survey.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as listAccountTickets } from '../../functions/service/handlers/list-account-tickets.ts';
import { handler as listTickets } from '../../functions/service/handlers/list-tickets.ts';
import { handler as sendSurvey } from '../../functions/service/handlers/send-csat-survey.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { mailKey } from '../../functions/work/entity.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

process.env.PUBLIC_API_URL = 'https://crm.example.test/v1';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function newParty(email: string | null = `${unique()}@customer.test`) {
  const accountId = (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Client' } }))
    .json.id as string;
  const contact = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body: { name: 'Dana Doe', ...(email === null ? {} : { email }) },
  });
  return { accountId, contactId: contact.json.id as string, email };
}

const open = (body: Record<string, unknown>) => call(createTicket, 'POST', { resource: '/tickets', body });
const patch = (id: string, body: Record<string, unknown>, ifMatch?: number) =>
  call(updateTicket, 'PATCH', {
    resource: '/tickets/{id}',
    params: { id },
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
  });
const read = async (id: string) =>
  (await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id } })).json;
const list = async (query: Record<string, string>) =>
  (await call(listTickets, 'GET', { resource: '/tickets', query })).json;

describe('tickets', () => {
  it('opens a ticket as new, and refuses bad input by field and unknown references with 404', async () => {
    const { accountId, contactId } = await newParty();
    const created = await open({
      accountId,
      contactId,
      product: 'Router',
      problem: 'Offline',
      priority: 'high',
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/tickets/${created.json.id}`);
    expect(created.json).toMatchObject({ status: 'new', priority: 'high', version: 1, contactId });
    expect((await open({ accountId, problem: 'x' })).json.priority).toBe('normal');

    const bad = await open({ accountId: 'nope', problem: '', priority: 'asap', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'accountId',
      'extra',
      'priority',
      'problem',
    ]);
    expect((await open({ accountId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', problem: 'x' })).status).toBe(404);
    const strangerContact = await open({ accountId, contactId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', problem: 'x' });
    expect(strangerContact.status).toBe(404);
    expect(strangerContact.json.error.message).toContain('Contact');
  });

  it('stamps the first response, each resolution, a reopen and the close; closed is final', async () => {
    const { accountId, contactId } = await newParty();
    const { id } = (await open({ accountId, contactId, problem: 'Slow' })).json;
    const opened = await patch(id, { status: 'open' });
    expect(opened.status).toBe(200);
    expect(opened.json.firstResponseAt).toBeDefined();
    const resolved = (await patch(id, { status: 'resolved' })).json;
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolutions: 1,
      firstResponseAt: opened.json.firstResponseAt,
    });
    const reopened = (await patch(id, { status: 'open' })).json;
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.reopenedAt).toBeDefined();
    expect(reopened.firstResponseAt).toBe(opened.json.firstResponseAt);
    const again = (await patch(id, { status: 'resolved' })).json;
    expect(again.resolutions).toBe(2);
    const closed = (await patch(id, { status: 'closed' })).json;
    expect(closed).toMatchObject({ status: 'closed', version: 6 });
    expect(closed.closedAt).toBeDefined();

    const refused = await patch(id, { status: 'open' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('none (it is closed)');
    expect((await read(id)).version).toBe(6);
  });

  it('refuses an illegal move with 409 naming the allowed ones, and a stale If-Match with 412', async () => {
    const { accountId } = await newParty();
    const { id } = (await open({ accountId, problem: 'Broken' })).json;
    const skip = await patch(id, { status: 'closed' });
    expect(skip.status).toBe(409);
    expect(skip.json.error.details).toEqual([
      { path: 'status', message: 'Allowed from new: open, pending, resolved.' },
    ]);
    expect((await patch(id, { priority: 'urgent' }, 1)).status).toBe(200);
    const stale = await patch(id, { status: 'open' }, 1);
    expect(stale.status).toBe(412);
    expect(await read(id)).toMatchObject({ status: 'new', priority: 'urgent', version: 2 });
  });

  it('lets one of 2–10 racing status changes win; the rest get 409, and no field update is lost', async () => {
    const { accountId } = await newParty();
    for (const racers of [2, 5, 10]) {
      const { id } = (await open({ accountId, problem: 'Race' })).json;
      const answers = await Promise.all(Array.from({ length: racers }, () => patch(id, { status: 'open' })));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(racers - 1);
      expect((await read(id)).version).toBe(2);
      // Field changes racing each other are all kept (each re-reads and re-applies on a lost race).
      const products = Array.from({ length: racers }, (_, index) => `P${index}`);
      const edits = await Promise.all(
        products.map((product, index) => patch(id, index % 2 === 0 ? { product } : { problem: product })),
      );
      expect(edits.every((edit) => edit.status === 200 || edit.status === 409)).toBe(true);
      const won = edits.filter((edit) => edit.status === 200).length;
      expect((await read(id)).version).toBe(2 + won);
    }
  });

  it('lists by status (urgent first, then oldest), by assignee and status, by priority, and per account', async () => {
    const { accountId } = await newParty();
    const agent = await staff(['service']);
    const low = (await open({ accountId, problem: 'low', priority: 'low', assigneeId: agent })).json;
    const urgent = (await open({ accountId, problem: 'urgent', priority: 'urgent', assigneeId: agent })).json;
    const high = (await open({ accountId, problem: 'high', priority: 'high', assigneeId: agent })).json;
    await patch(high.id, { status: 'pending' });

    const mine = await list({ assigneeId: agent });
    expect(mine.items.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      [low.id, urgent.id, high.id].sort(),
    );
    const myNew = await list({ assigneeId: agent, status: 'new' });
    expect(myNew.items.map((ticket: { id: string }) => ticket.id)).toEqual([low.id, urgent.id]);
    const myUrgent = await list({ assigneeId: agent, priority: 'urgent' });
    expect(myUrgent.items.map((ticket: { id: string }) => ticket.id)).toEqual([urgent.id]);

    const allNew = await list({ status: 'new', limit: '100' });
    const ranks = allNew.items.map((ticket: { priority: string }) =>
      ['urgent', 'high', 'normal', 'low'].indexOf(ticket.priority),
    );
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const urgentNew = await list({ status: 'new', priority: 'urgent', limit: '100' });
    expect(
      urgentNew.items.every(
        (ticket: { priority: string; status: string }) =>
          ticket.priority === 'urgent' && ticket.status === 'new',
      ),
    ).toBe(true);
    expect(urgentNew.items.some((ticket: { id: string }) => ticket.id === urgent.id)).toBe(true);
    const pendingHigh = await list({ priority: 'high', limit: '100' });
    expect(
      pendingHigh.items.some(
        (ticket: { id: string; status: string }) => ticket.id === high.id && ticket.status === 'pending',
      ),
    ).toBe(true);

    const firstPage = await list({ assigneeId: agent, limit: '2' });
    expect(firstPage.items).toHaveLength(2);
    const secondPage = await list({ assigneeId: agent, limit: '2', cursor: firstPage.nextCursor });
    expect(secondPage.items).toHaveLength(1);

    const onAccount = await call(listAccountTickets, 'GET', {
      resource: '/accounts/{id}/tickets',
      params: { id: accountId },
    });
    expect(onAccount.json.items.map((ticket: { id: string }) => ticket.id)).toEqual([
      high.id,
      urgent.id,
      low.id,
    ]);
    expect((await list({ status: 'solved' } as Record<string, string>)).error.details[0].path).toBe(
      'query.status',
    );
  });
});

/** The TicketStatusChanged event the relay makes of the ticket's last move (read back from the table). */
async function statusEvent(accountId: string, id: string, from: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: ticketKey(accountId, id) }),
  );
  const domainEvent = toDomainEvent({
    eventName: 'MODIFY',
    dynamodb: {
      NewImage: marshall(Item, { removeUndefinedValues: true }) as never,
      OldImage: marshall(
        { ...Item, status: from, version: Number(Item?.version) - 1 },
        { removeUndefinedValues: true },
      ) as never,
    },
  });
  expect(domainEvent?.detailType).toBe('TicketStatusChanged');
  return { 'detail-type': 'TicketStatusChanged', detail: domainEvent?.detail } as EventBridgeEvent<
    'TicketStatusChanged',
    unknown
  >;
}

const mailOf = async (id: string) =>
  (
    await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: mailKey(id), ConsistentRead: true }),
    )
  ).Item;
const tokenIn = (text: string) => /\/surveys\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];

describe('resolved ticket → satisfaction survey', () => {
  it('e-mails one survey per resolution however often the event arrives; answered once', async () => {
    const { accountId, contactId, email } = await newParty();
    const { id } = (await open({ accountId, contactId, product: 'Router', problem: 'Drops <wifi> & "more"' }))
      .json;
    await patch(id, { status: 'resolved' });
    const first = await statusEvent(accountId, id, 'new');
    for (const times of [1, 2, 3]) await Promise.all(Array.from({ length: times }, () => sendSurvey(first)));

    const resolvedAt = (await read(id)).resolvedAt as string;
    const mail = await mailOf(derivedId(`survey#${id}#${resolvedAt}`));
    expect(mail).toMatchObject({
      to: email,
      status: 'queued',
      about: { ticketId: id, accountId, contactId },
    });
    expect(mail?.text).toContain('https://crm.example.test/v1/surveys/');
    const token = tokenIn(String(mail?.text));
    if (token === undefined) throw new Error('no survey link in the e-mail');

    const page = await call(getSurvey, 'GET', { resource: '/surveys/{token}', params: { token } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Drops &lt;wifi&gt; &amp; &quot;more&quot;');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const answer = (body: unknown, to = token) =>
      call(answerSurvey, 'POST', { resource: '/surveys/{token}', params: { token: to }, body });
    for (const score of [0, 6, 2.5, '4', null]) {
      const refused = await answer({ score });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details[0].path).toBe('score');
    }
    expect((await answer({ score: 4, comment: 'ok', extra: 1 })).status).toBe(400);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await answer({ score: 4 }, tampered)).status).toBe(404);
    expect((await answer({ score: 4 }, 'not-a-token')).status).toBe(404);

    const answers = await Promise.all([answer({ score: 5, comment: 'Great' }), answer({ score: 1 })]);
    expect(answers.map((result) => result.status).sort()).toEqual([200, 409]);
    const winner = answers.find((result) => result.status === 200)?.json;
    expect(winner).toMatchObject({ status: 'answered', problem: 'Drops <wifi> & "more"' });
    expect(winner).not.toHaveProperty('accountId');
    const json = await call(getSurvey, 'GET', {
      resource: '/surveys/{token}',
      params: { token },
      headers: { Accept: 'application/json' },
    });
    expect(json.json.score).toBe(winner.score);

    // Reopened and resolved again: a second survey, with another link.
    await patch(id, { status: 'open' });
    await patch(id, { status: 'resolved' });
    const second = await statusEvent(accountId, id, 'open');
    await Promise.all([sendSurvey(second), sendSurvey(second), sendSurvey(first)]);
    const secondResolvedAt = (await read(id)).resolvedAt as string;
    expect(secondResolvedAt).not.toBe(resolvedAt);
    const secondMail = await mailOf(derivedId(`survey#${id}#${secondResolvedAt}`));
    const secondToken = tokenIn(String(secondMail?.text));
    expect(secondToken).toBeDefined();
    expect(secondToken).not.toBe(token);
    // The first mail is untouched by the redelivery of the first event.
    expect(await mailOf(derivedId(`survey#${id}#${resolvedAt}`))).toEqual(mail);
  });

  it('sends nothing (and does not fail) when the contact has no e-mail address', async () => {
    const { accountId, contactId } = await newParty(null);
    const { id } = (await open({ accountId, contactId, problem: 'x' })).json;
    await patch(id, { status: 'resolved' });
    await sendSurvey(await statusEvent(accountId, id, 'new'));
    const resolvedAt = (await read(id)).resolvedAt as string;
    expect(await mailOf(derivedId(`survey#${id}#${resolvedAt}`))).toBeUndefined();
  });
});
