// A person's export and erasure against DynamoDB Local, on a table of its own so the whole table can be read
// after. A person is seeded across every record type — a lead form's submission with what the automation made
// of it (contact, account, form interaction, follow-up task), a ticket about them, its survey e-mail, survey and
// answer, more interactions, history, match keys — then exported (everything in one document) and erased: after
// that not one item of the table holds their name, e-mail address or phone number, and the address is free.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/proxy-event.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { formSubmitted, submitForm } from '../support/form-events.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

await useOwnTable('erasure');
const handler = (name: string) => loadHandler<Handler>(name);
const h = {
  'create-member': await handler('team/handlers/create-member'),
  'process-lead-submission': await handler('forms/handlers/process-lead-submission'),
  'create-contact': await handler('accounts/handlers/create-contact'),
  'get-contact-by-id': await handler('accounts/handlers/get-contact-by-id'),
  'log-interaction': await handler('accounts/handlers/log-interaction'),
  'update-contact': await handler('accounts/handlers/update-contact'),
  'create-ticket': await handler('service/handlers/create-ticket'),
  'update-ticket': await handler('service/handlers/update-ticket'),
  'create-deal': await handler('sales/handlers/create-deal'),
  'answer-survey': await handler('service/handlers/answer-survey'),
  'export-contact': await handler('lifecycle/handlers/export-contact'),
  'erase-contact': await handler('lifecycle/handlers/erase-contact'),
};
const { defineForm, LEAD_FORM } = await import('../support/forms.ts');
const { documentClient } = await import('../../functions/platform/clients.ts');
const { TABLE_NAME } = await import('../../functions/platform/table-name.ts');
const { sendSurvey } = await import('../../functions/service/survey-store.ts');
const { readItem } = await import('../../functions/platform/store.ts');
const { mailKey } = await import('../../functions/work/entity.ts');
const { historyItem } = await import('../../functions/platform/history.ts');
const { contactKey } = await import('../../functions/accounts/entity.ts');
const { keepMatchKeys } = await import('../../functions/lifecycle/match-store.ts');
const { transact, putNew } = await import('../../functions/platform/store.ts');
const { escalateUrgentTickets } = await import('../../functions/service/escalation.ts');
const { announceDueTasks } = await import('../../functions/work/due-tasks.ts');
const tasksOfAccount = async () =>
  (await wholeTable()).filter((item) => item.type === 'Task' && item.sk === 'TASK');

const run = Date.now().toString(36);
const person = {
  name: `Erika Zwölfer-${run}`,
  email: `erika.zwoelfer.${run}@zwoelfer-${run}.de`,
  phone: `+49 30 ${String(Date.now()).slice(-7)}`,
};

async function wholeTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: TABLE_NAME, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
const naming = (items: readonly Record<string, unknown>[]) => {
  const terms = [person.name, person.email, person.phone].map((term) => term.toLowerCase());
  return items.filter((item) => {
    const text = JSON.stringify(item).toLowerCase();
    return terms.some((term) => text.includes(term));
  });
};

let contactId = '';
let accountId = '';
let interactionId = '';
const loggedCall = () => ({
  resource: '/accounts/{id}/interactions',
  params: { id: accountId },
  body: {
    channel: 'call',
    subject: `Call with ${person.name}`,
    body: 'Talked about the offer.',
    contactId,
  },
  headers: { 'Idempotency-Key': `interaction-${run}` },
});

beforeAll(async () => {
  const member = await call(h['create-member'], 'POST', {
    resource: '/team',
    body: { name: 'Sam Seller', email: `sam.${run}@team.test`, roles: ['sales', 'service'] },
  });
  expect(member.status, member.text).toBe(201);
  const form = { json: await defineForm(LEAD_FORM) };
  const submission = await submitForm(form.json.id, {
    name: person.name,
    email: person.email,
    company: `Zwölfer Consulting ${run}`,
  });
  await (h['process-lead-submission'] as unknown as (event: unknown, context: unknown) => Promise<unknown>)(
    formSubmitted(submission),
    lambdaContext('t'),
  );
  const stored = await readItem({ pk: `FORM#${form.json.id}`, sk: `SUBMISSION#${submission.id}` });
  const produced = stored?.produced as { contactId: string; accountId: string };
  ({ contactId, accountId } = produced);
  const phoned = await call(h['update-contact'], 'PATCH', {
    resource: '/contacts/{id}',
    params: { id: contactId },
    body: { phone: person.phone, role: 'Managing Director' },
  });
  expect(phoned.status, phoned.text).toBe(200);
  // Made with Idempotency-Keys: their claims hold the records as created.
  const logged = await call(h['log-interaction'], 'POST', loggedCall());
  expect(logged.status, logged.text).toBe(201);
  interactionId = logged.json.id;
  const ticket = await call(h['create-ticket'], 'POST', {
    resource: '/tickets',
    body: { accountId, contactId, problem: `Invoice sent to ${person.email} is wrong`, product: 'Retainer' },
    headers: { 'Idempotency-Key': `ticket-${run}` },
  });
  expect(ticket.status, ticket.text).toBe(201);
  const resolved = await call(h['update-ticket'], 'PATCH', {
    resource: '/tickets/{id}',
    params: { id: ticket.json.id },
    body: { status: 'resolved' },
  });
  expect(resolved.status, resolved.text).toBe(200);
  const survey = await sendSurvey(resolved.json, 'https://crm.example.test/v1', new Date());
  expect(survey.sent).toBe(true);
  const mail = await readItem(mailKey(survey.surveyId));
  const token = /\/surveys\/([A-Za-z0-9_-]{43})\b/.exec(String(mail?.text))?.[1] ?? '';
  const answered = await call(h['answer-survey'], 'POST', {
    resource: '/surveys/{token}',
    params: { token },
    body: { score: 2, comment: `Ask for ${person.name} next time` },
    sub: null,
  });
  expect(answered.status, answered.text).toBe(200);
  // A deal named after them (its title is no free text: scrubbed because it names the person).
  const deal = await call(h['create-deal'], 'POST', {
    resource: '/deals',
    body: { accountId, title: `Retainer for ${person.name}`, amount: 1200, currency: 'EUR' },
    headers: { 'Idempotency-Key': `deal-${run}` },
  });
  expect(deal.status, deal.text).toBe(201);
  // An urgent ticket about them left 5 hours: escalated to the admins by e-mail. The lead's follow-up task
  // comes due: its assignee is reminded by e-mail. Both mails name the person, under ids of their own.
  const urgent = await call(h['create-ticket'], 'POST', {
    resource: '/tickets',
    body: { accountId, contactId, problem: `${person.name} cannot sign in`, priority: 'urgent' },
  });
  expect(urgent.status, urgent.text).toBe(201);
  expect(await escalateUrgentTickets(new Date(Date.now() + 5 * 3600_000))).toMatchObject({ escalated: 1 });
  const [followUp] = await tasksOfAccount();
  expect(followUp?.assigneeId).toBeDefined();
  expect(await announceDueTasks(new Date(Date.parse(String(followUp?.dueAt)) + 60_000))).toMatchObject({
    announced: 1,
  });
  // What the stream would have added: the contact's history and its match keys.
  await transact([
    putNew(
      historyItem(
        contactKey(accountId, contactId),
        {
          recordType: 'Contact',
          recordId: contactId,
          change: 'changed',
          at: new Date().toISOString(),
          eventId: ulid(),
          fields: [{ field: 'phone', after: person.phone }],
        },
        365,
      ),
    ),
  ]);
  await keepMatchKeys('Contact', contactId, accountId);
});

describe('a person exported and erased', () => {
  it('exports everything held about the person as one document', async () => {
    const exported = await call(h['export-contact'], 'GET', {
      resource: '/contacts/{id}/export',
      params: { id: contactId },
    });
    expect(exported.status, exported.text).toBe(200);
    const document = exported.json;
    expect(document.contact).toMatchObject({ id: contactId, email: person.email, phone: person.phone });
    expect(document.interactions.length).toBeGreaterThanOrEqual(2);
    expect(document.tickets).toHaveLength(2);
    expect(document.surveys).toHaveLength(1);
    expect(document.tasks.length).toBeGreaterThanOrEqual(1);
    expect(document.submissions).toHaveLength(1);
    expect(document.submissions[0].values.email).toBe(person.email);
    expect(document.mails.length).toBeGreaterThanOrEqual(1);
    expect(document.history.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(document)).not.toMatch(/"pk"|gsi\dpk/);
    expect(naming(await wholeTable()).length).toBeGreaterThan(5);
  });

  it('erases them from every item of the table, frees the address, and records only that it happened', async () => {
    // Every mail of this table is about the person: the tickets', the survey's, the escalations (one per admin),
    // the task's reminder.
    const mailCount = (await wholeTable()).filter((item) => item.type === 'Mail').length;
    expect(mailCount).toBeGreaterThanOrEqual(6);
    const erased = await call(h['erase-contact'], 'POST', {
      resource: '/contacts/{id}/erase',
      params: { id: contactId },
    });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json).toMatchObject({
      contactId,
      accountId,
      erasedBy: expect.any(String),
      records: {
        Interaction: 2,
        Ticket: 2,
        SurveyEntry: 1,
        Survey: 1,
        Task: 1,
        Submission: 1,
        Mail: mailCount,
        Deal: 1,
        IdempotencyClaim: 3,
      },
    });
    expect(JSON.stringify(erased.json)).not.toContain(person.email);

    const left = naming(await wholeTable());
    expect(left.map((item) => `${String(item.pk)} ${String(item.sk)} ${String(item.type)}`)).toEqual([]);

    const contact = await call(h['get-contact-by-id'], 'GET', {
      resource: '/contacts/{id}',
      params: { id: contactId },
    });
    expect(contact.json).toMatchObject({
      id: contactId,
      name: 'Erased contact',
      erasedAt: expect.any(String),
    });
    expect(contact.json.email).toBeUndefined();
    // A retry of a request that made a record gets the record as erased, and nothing is made again.
    const retried = await call(h['log-interaction'], 'POST', loggedCall());
    expect(retried.status, retried.text).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json).toMatchObject({ id: interactionId, subject: 'Erased' });
    expect(retried.json.body).toBeUndefined();
    expect(retried.text).not.toContain(person.name);
    expect(naming(await wholeTable())).toEqual([]);
    // The address is anyone's again; asked again, the same erasure answers.
    const again = await call(h['create-contact'], 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
      body: { name: 'Someone new', email: person.email },
    });
    expect(again.status, again.text).toBe(201);
    const twice = await call(h['erase-contact'], 'POST', {
      resource: '/contacts/{id}/erase',
      params: { id: contactId },
    });
    expect(twice.json).toEqual(erased.json);
  });
});
