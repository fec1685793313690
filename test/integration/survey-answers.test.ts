// Survey answers against DynamoDB Local: listed per ticket and per account (from their copies, never the token),
// shown on the ticket (a late older answer never hides a newer one), logged once on the account's timeline,
// and a poor score (1 or 2) opening one service-recovery task — the SurveyAnswered rules delivered 1–3 times
// at once.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { encodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { RULES } from '../../functions/app/rules.ts';
import { toDomainEvent } from '../../functions/events/events.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { surveyKey, ticketKey } from '../../functions/service/entity.ts';
import { handler as answerSurvey } from '../../functions/service/handlers/answer-survey.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as listSurveys } from '../../functions/service/handlers/list-surveys.ts';
import { handler as openRecoveryTask } from '../../functions/service/handlers/open-recovery-task.ts';
import { handler as recordSurveyAnswer } from '../../functions/service/handlers/record-survey-answer.ts';
import { handler as sendSurvey } from '../../functions/service/handlers/send-csat-survey.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { handler as updateMember } from '../../functions/team/handlers/update-member.ts';
import { mailKey, taskKey } from '../../functions/work/entity.ts';
import { nextBusinessDay } from '../../functions/work/task.ts';
import { matchesPattern } from '../../local/event-pattern.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

process.env.PUBLIC_API_URL = 'https://crm.example.test/v1';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
type Event = EventBridgeEvent<string, unknown>;

/** A client (with an account manager, when given), its contact, and a ticket assigned to `assigneeId`. */
async function newTicket(assigneeId: string, accountManagerId?: string) {
  const account = await call(createAccount, 'POST', {
    resource: '/accounts',
    body: {
      name: 'Client',
      relationship: 'client',
      ...(accountManagerId === undefined ? {} : { accountManagerId }),
    },
  });
  expect(account.status, account.text).toBe(201);
  const accountId = account.json.id as string;
  const contact = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body: { name: 'Dana Doe', email: `${unique()}@customer.test` },
  });
  const contactId = contact.json.id as string;
  const ticket = await call(createTicket, 'POST', {
    resource: '/tickets',
    body: { accountId, contactId, product: 'Router X2', problem: 'No connection', assigneeId },
  });
  expect(ticket.status, ticket.text).toBe(201);
  return { accountId, contactId, ticketId: ticket.json.id as string };
}

const patch = (id: string, body: Record<string, unknown>) =>
  call(updateTicket, 'PATCH', { resource: '/tickets/{id}', params: { id }, body });
const readTicket = async (id: string) =>
  (await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id } })).json;
const list = (query: Record<string, string>) => call(listSurveys, 'GET', { resource: '/surveys', query });

const itemAt = async (key: { pk: string; sk: string }) =>
  (await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }))).Item;

/** The event the relay makes of a change from `before` to `after` (items as the table holds them). */
function eventOf(before: Record<string, unknown> | undefined, after: Record<string, unknown>): Event {
  const domainEvent = toDomainEvent({
    eventName: before === undefined ? 'INSERT' : 'MODIFY',
    dynamodb: {
      NewImage: marshall(after, { removeUndefinedValues: true }) as never,
      ...(before === undefined
        ? {}
        : { OldImage: marshall(before, { removeUndefinedValues: true }) as never }),
    },
  });
  if (domainEvent === undefined) throw new Error('no event');
  return {
    version: '0',
    id: domainEvent.detail.eventId,
    'detail-type': domainEvent.detailType,
    source: domainEvent.source,
    account: '000000000000',
    time: domainEvent.time.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: domainEvent.detail,
  };
}

/** Resolve the ticket (moving it first out of `from`), let the survey rule send one; its token and items. */
async function resolveAndSurvey(accountId: string, ticketId: string) {
  const before = await itemAt(ticketKey(accountId, ticketId));
  await patch(ticketId, { status: 'resolved' });
  const after = await itemAt(ticketKey(accountId, ticketId));
  if (before === undefined || after === undefined) throw new Error('no ticket');
  await sendSurvey(eventOf(before, after), lambdaContext('t'));
  const mail = await itemAt(mailKey(derivedId(`survey#${ticketId}#${String(after.resolvedAt)}`)));
  const token = /\/surveys\/([A-Za-z0-9_-]{43})\b/.exec(String(mail?.text))?.[1];
  if (token === undefined) throw new Error('no survey link');
  return token;
}

/** Answer the survey behind `token` as its contact would; the SurveyAnswered event that follows. */
async function answer(token: string, body: Record<string, unknown>) {
  const sent = await itemAt(surveyKey(token));
  const answered = await call(answerSurvey, 'POST', {
    resource: '/surveys/{token}',
    params: { token },
    body,
    sub: null,
  });
  expect(answered.status, answered.text).toBe(200);
  const after = await itemAt(surveyKey(token));
  if (after === undefined) throw new Error('no survey');
  return eventOf(sent, after);
}

/** Deliver `event` to `handler` 1, 2 and 3 times at once. */
async function deliver(handler: (event: Event, context: Context) => Promise<unknown>, event: Event) {
  for (const times of [1, 2, 3]) {
    await Promise.all(Array.from({ length: times }, () => handler(event, lambdaContext('t'))));
  }
}

const timeline = async (accountId: string) =>
  (
    await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'INTERACTION#' },
      }),
    )
  ).Items ?? [];

const rule = (name: string) => {
  const found = RULES.find((declared) => declared.name === name);
  if (found === undefined) throw new Error(`no rule ${name}`);
  return found;
};

describe('survey answers are readable', () => {
  it('lists a ticket’s and an account’s surveys, sent then answered, with no token anywhere', async () => {
    const assigneeId = await staff(['service']);
    const { accountId, ticketId } = await newTicket(assigneeId);
    const token = await resolveAndSurvey(accountId, ticketId);

    const sent = await list({ ticketId });
    expect(sent.status).toBe(200);
    expect(sent.json.items).toEqual([
      expect.objectContaining({ ticketId, accountId, status: 'sent', problem: 'No connection' }),
    ]);
    await answer(token, { score: 4, comment: 'Fixed within the hour.' });
    for (const query of [{ ticketId }, { accountId }] as Record<string, string>[]) {
      const page = await list(query);
      expect(page.json.items).toEqual([
        expect.objectContaining({
          ticketId,
          status: 'answered',
          score: 4,
          comment: 'Fixed within the hour.',
        }),
      ]);
      expect(page.text).not.toContain(token);
    }

    // Reopened and resolved again: a second survey, listed first (newest resolution first), a page at a time.
    await patch(ticketId, { status: 'open' });
    await resolveAndSurvey(accountId, ticketId);
    const first = await list({ ticketId, limit: '1' });
    expect(first.json.items).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    expect(Buffer.from(first.json.nextCursor, 'base64url').toString()).not.toContain(token);
    const second = await list({ ticketId, limit: '1', cursor: first.json.nextCursor });
    expect(second.json.items).toEqual([expect.objectContaining({ status: 'answered', score: 4 })]);
    expect((await list({ accountId })).json.items.map((item: { status: string }) => item.status)).toEqual([
      'sent',
      'answered',
    ]);
  });

  it('asks for exactly one of ticketId and accountId; an unknown one is a 404', async () => {
    const both = { ticketId: derivedId(unique()), accountId: derivedId(unique()) };
    for (const query of [{}, both] as Record<string, string>[]) {
      const refused = await list(query);
      expect(refused.status).toBe(400);
      expect(refused.json.error.details).toEqual([
        { path: 'query', message: 'Give ticketId or accountId (one of them).' },
      ]);
    }
    expect((await list({ ticketId: derivedId(unique()) })).status).toBe(404);
    expect((await list({ accountId: derivedId(unique()) })).status).toBe(404);
  });
});

describe('SurveyAnswered → the ticket and the timeline', () => {
  it('shows the answer on the ticket and logs it once, however often the event arrives', async () => {
    const assigneeId = await staff(['service']);
    const { accountId, contactId, ticketId } = await newTicket(assigneeId);
    const token = await resolveAndSurvey(accountId, ticketId);
    const event = await answer(token, { score: 5, comment: 'Quick and friendly.' });
    expect(matchesPattern(rule('RecordSurveyAnswer').pattern, event)).toBe(true);
    const { answeredAt, id: surveyId } = (event.detail as { data: { answeredAt: string; id: string } }).data;
    const before = await readTicket(ticketId);

    await deliver(recordSurveyAnswer, event);
    const after = await readTicket(ticketId);
    expect(after.survey).toEqual({ surveyId, score: 5, answeredAt, comment: 'Quick and friendly.' });
    expect(after.version).toBe(before.version + 1);
    const logged = (await timeline(accountId)).filter((item) => item.ticketId === ticketId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      channel: 'form',
      direction: 'inbound',
      category: 'service',
      subject: 'Satisfaction survey answered: 5 of 5',
      body: 'Quick and friendly.',
      occurredAt: answeredAt,
      contactId,
      ticketId,
    });
    // Its id carries when the answer was given (a ULID's time part): the timeline sorts it there.
    expect(String(logged[0]?.id).slice(0, 10)).toBe(encodeTime(Date.parse(answeredAt), 10));
  });

  it('keeps the newest answer on the ticket when an older one arrives late', async () => {
    const assigneeId = await staff(['service']);
    const { accountId, ticketId } = await newTicket(assigneeId);
    const older = await answer(await resolveAndSurvey(accountId, ticketId), { score: 2 });
    await patch(ticketId, { status: 'open' });
    const newer = await answer(await resolveAndSurvey(accountId, ticketId), { score: 5 });
    const newerSurvey = (newer.detail as { data: { id: string; answeredAt: string } }).data;

    await recordSurveyAnswer(newer, lambdaContext('t'));
    const shown = await readTicket(ticketId);
    await deliver(recordSurveyAnswer, older);
    const after = await readTicket(ticketId);
    expect(after.survey).toEqual({ surveyId: newerSurvey.id, score: 5, answeredAt: newerSurvey.answeredAt });
    expect(after.version).toBe(shown.version);
    // Both answers are on the timeline, each once.
    expect((await timeline(accountId)).filter((item) => item.ticketId === ticketId)).toHaveLength(2);
  });
});

describe('service recovery', () => {
  it('a score of 1 or 2 opens one task for the account manager, due the next business day', async () => {
    const [assigneeId, managerId] = await Promise.all([staff(['service']), staff(['service'])]);
    const { accountId, contactId, ticketId } = await newTicket(assigneeId, managerId);
    const event = await answer(await resolveAndSurvey(accountId, ticketId), {
      score: 1,
      comment: 'Nobody called back.',
    });
    expect(matchesPattern(rule('ServiceRecovery').pattern, event)).toBe(true);
    const survey = (event.detail as { data: { id: string; answeredAt: string } }).data;

    await deliver(openRecoveryTask, event);
    const taskId = derivedId(`service-recovery#${survey.id}`);
    const task = await itemAt(taskKey(taskId));
    expect(task).toMatchObject({
      title: 'Service recovery: scored 1 of 5 — Router X2: No connection',
      assigneeId: managerId,
      status: 'open',
      dueAt: nextBusinessDay(new Date(survey.answeredAt)).toISOString(),
      links: { accountId, contactId, ticketId },
      checklist: [
        { text: 'The customer wrote: “Nobody called back.”', done: false },
        { text: 'Call the customer and put it right', done: false },
      ],
      version: 1,
    });
    expect([0, 6]).not.toContain(new Date(String(task?.dueAt)).getUTCDay());
  });

  it('goes to the ticket’s assignee when the account has no manager, or its manager has left', async () => {
    const [assigneeId, managerId] = await Promise.all([staff(['service']), staff(['service'])]);
    const withoutManager = await newTicket(assigneeId);
    const withManager = await newTicket(assigneeId, managerId);
    const left = await call(updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: managerId },
      body: { active: false },
    });
    expect(left.status, left.text).toBe(200);
    for (const { accountId, ticketId } of [withoutManager, withManager]) {
      const event = await answer(await resolveAndSurvey(accountId, ticketId), { score: 2 });
      await deliver(openRecoveryTask, event);
      const survey = (event.detail as { data: { id: string } }).data;
      expect(await itemAt(taskKey(derivedId(`service-recovery#${survey.id}`)))).toMatchObject({
        assigneeId,
        checklist: [{ text: 'Call the customer and put it right', done: false }],
      });
    }
  });

  it('a score of 3 or more opens none (and the rule does not match it)', async () => {
    const assigneeId = await staff(['service']);
    const { accountId, ticketId } = await newTicket(assigneeId);
    const event = await answer(await resolveAndSurvey(accountId, ticketId), { score: 3 });
    expect(matchesPattern(rule('ServiceRecovery').pattern, event)).toBe(false);
    await openRecoveryTask(event, lambdaContext('t'));
    const survey = (event.detail as { data: { id: string } }).data;
    expect(await itemAt(taskKey(derivedId(`service-recovery#${survey.id}`)))).toBeUndefined();
  });
});
