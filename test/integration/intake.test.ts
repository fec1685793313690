// What a lead finds before it makes anything, against DynamoDB Local: an account that already has the lead's
// company e-mail domain (claimed by a lead's new account, or by a contact made through the API), which it joins
// instead of making a duplicate company — free-mail and example domains excepted — and the contact's open
// "Follow up" task, which takes a repeat lead's message instead of a second task. Deliveries repeated, racing
// and concurrent submissions included.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../functions/forms/form.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { call } from '../support/api.ts';
import { formSubmitted, handlersByName, submitForm } from '../support/form-events.ts';
import { useOwnTable } from '../support/own-table.ts';

// A team of its own: the lead owners are picked round-robin from these members only.
await useOwnTable('intake');

// biome-ignore lint/suspicious/noExplicitAny: handlers are loaded by name after the environment is set
let h: Record<string, any>;
let documentClient: typeof import('../../functions/platform/clients.ts').documentClient;
let TABLE_NAME: string;
let getSubmission: typeof import('../../functions/forms/form-store.ts').getSubmission;
let toDomainEvent: typeof import('../../functions/events/events.ts').toDomainEvent;
let matchesPattern: typeof import('../../local/event-pattern.ts').matchesPattern;
let rules: typeof import('../../functions/forms/rules.ts').RULES;
let formId = '';

beforeAll(async () => {
  h = await handlersByName([
    'team/handlers/create-member',
    'forms/handlers/create-form',
    'forms/handlers/submit-form',
    'forms/handlers/process-lead-submission',
    'forms/handlers/claim-email-domain',
    'accounts/handlers/create-account',
    'accounts/handlers/create-contact',
    'work/handlers/update-task',
  ]);
  ({ documentClient } = await import('../../functions/platform/clients.ts'));
  ({ TABLE_NAME } = await import('../../functions/platform/table-name.ts'));
  ({ getSubmission } = await import('../../functions/forms/form-store.ts'));
  ({ toDomainEvent } = await import('../../functions/events/events.ts'));
  ({ matchesPattern } = await import('../../local/event-pattern.ts'));
  ({ RULES: rules } = await import('../../functions/forms/rules.ts'));
  const stamp = Date.now();
  for (const index of [0, 1]) {
    const member = await call(h['create-member'], 'POST', {
      resource: '/team',
      body: { name: `Seller ${index}`, email: `seller${index}.${stamp}@team.test`, roles: ['sales'] },
    });
    expect(member.status).toBe(201);
  }
  const form = await call(h['create-form'], 'POST', {
    resource: '/forms',
    body: {
      name: 'Talk to sales',
      kind: 'lead',
      fields: [
        { name: 'name', label: 'Name', type: 'text', required: true },
        { name: 'email', label: 'E-mail', type: 'email', required: true },
        { name: 'company', label: 'Company', type: 'text' },
        { name: 'message', label: 'Message', type: 'textarea' },
      ],
    },
  });
  expect(form.status).toBe(201);
  formId = form.json.id;
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
/** A company domain of this run's own (not reserved for examples, not free mail). */
const companyDomain = () => `firm-${unique()}.de`;
const submit = (values: Record<string, string>) => submitForm(formId, values);

const processLead = (submission: Submission) =>
  h['process-lead-submission'](formSubmitted(submission), lambdaContext('t'));
const produced = async (submission: Submission) => {
  const stored = await getSubmission(formId, submission.id);
  expect(stored?.status).toBe('processed');
  return stored?.produced ?? {};
};

async function underAccount(accountId: string, prefix: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

const itemAt = async (pk: string, sk: string) =>
  (
    await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { pk, sk }, ConsistentRead: true }),
    )
  ).Item;

async function tasksOf(accountId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :type',
      FilterExpression: 'links.accountId = :account',
      ExpressionAttributeValues: { ':type': 'TYPE#TASK', ':account': accountId },
    }),
  );
  return Items ?? [];
}

describe('a lead from a company domain an account already has', () => {
  it('joins that account as a new contact, with its own follow-up; the account keeps its owner', async () => {
    const domain = companyDomain();
    const first = await submit({ name: 'Ana', email: `ana@${domain}`, company: 'Firm GmbH' });
    await processLead(first);
    const accountId = String((await produced(first)).accountId);
    const account = await itemAt(`ACCOUNT#${accountId}`, 'ACCOUNT');
    expect(await itemAt(`DOMAIN#${domain}`, 'DOMAIN')).toMatchObject({ accountId });

    const second = await submit({ name: 'Ben', email: `ben@${domain.toUpperCase()}`, company: 'Firm' });
    await processLead(second);
    await processLead(second);
    const joined = await produced(second);
    expect(joined.accountId).toBe(accountId);
    expect(joined.contactId).toBe(second.id);
    expect((await underAccount(accountId, 'CONTACT#')).map((contact) => contact.email).sort()).toEqual([
      `ana@${domain}`,
      `ben@${domain}`,
    ]);
    // Another person: their own follow-up, for the account's owner; the account is as it was.
    const tasks = await tasksOf(accountId);
    expect(tasks.map((task) => task.id).sort()).toEqual([first.id, second.id].sort());
    for (const task of tasks) expect(task.assigneeId).toBe(account?.ownerId);
    expect(await itemAt(`ACCOUNT#${accountId}`, 'ACCOUNT')).toEqual(account);
    expect(await itemAt(`ACCOUNT#${second.id}`, 'ACCOUNT')).toBeUndefined();
  });

  it('never joins by a free-mail or an example domain', async () => {
    for (const domain of ['gmail.com', 'ziggo.nl', 'kpnmail.nl', 'gmx.de', 'yahoo.co.uk', 'corp.example']) {
      const [a, b] = [
        await submit({ name: 'A', email: `a.${unique()}@${domain}` }),
        await submit({ name: 'B', email: `b.${unique()}@${domain}` }),
      ];
      await processLead(a);
      await processLead(b);
      const [ofA, ofB] = [await produced(a), await produced(b)];
      expect(ofA.accountId, domain).toBe(a.id);
      expect(ofB.accountId, domain).toBe(b.id);
      expect(await itemAt(`DOMAIN#${domain}`, 'DOMAIN')).toBeUndefined();
    }
  });

  it('racing leads from one new domain make one account, all of them its contacts', async () => {
    const domain = companyDomain();
    const submissions = await Promise.all(
      ['ann', 'bo', 'cy', 'di', 'ed'].map((name) =>
        submit({ name, email: `${name}@${domain}`, company: 'Race' }),
      ),
    );
    // Each delivered once or twice, all at once.
    await Promise.all(
      submissions.flatMap((submission, index) =>
        [1, ...(index % 2 === 0 ? [2] : [])].map(() => processLead(submission)),
      ),
    );
    const accounts = new Set(await Promise.all(submissions.map(async (s) => (await produced(s)).accountId)));
    expect(accounts.size).toBe(1);
    const [accountId] = [...accounts];
    expect(submissions.map((s) => s.id)).toContain(accountId);
    expect(await itemAt(`DOMAIN#${domain}`, 'DOMAIN')).toMatchObject({ accountId });
    expect(await underAccount(String(accountId), 'CONTACT#')).toHaveLength(5);
    expect(await underAccount(String(accountId), 'INTERACTION#')).toHaveLength(5);
    // The losers made nothing of their own.
    for (const submission of submissions.filter((s) => s.id !== accountId)) {
      expect(await itemAt(`ACCOUNT#${submission.id}`, 'ACCOUNT')).toBeUndefined();
    }
  });

  it('finds an account made through the API by its contact’s domain (ClaimEmailDomain), the first account keeping it', async () => {
    const domain = companyDomain();
    const contactEvent = async (accountId: string, email: string) => {
      const contact = await call(h['create-contact'], 'POST', {
        resource: '/accounts/{id}/contacts',
        params: { id: accountId },
        body: { name: 'Api Person', email },
      });
      expect(contact.status).toBe(201);
      const item = await itemAt(`ACCOUNT#${accountId}`, `CONTACT#${contact.json.id}`);
      const { marshall } = await import('@aws-sdk/util-dynamodb');
      const domainEvent = toDomainEvent({
        eventName: 'INSERT',
        dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never },
      });
      return { 'detail-type': domainEvent?.detailType, source: 'clientele', detail: domainEvent?.detail };
    };
    const account = async (name: string) =>
      (await call(h['create-account'], 'POST', { resource: '/accounts', body: { name } })).json.id as string;
    const [acme, copycat] = [await account('Acme AG'), await account('Acme copy')];
    const claimRule = rules.find((rule) => rule.name === 'ClaimEmailDomain');
    const first = await contactEvent(acme, `jane@${domain}`);
    expect(claimRule && matchesPattern(claimRule.pattern, first)).toBe(true);
    await Promise.all([1, 2, 3].map(() => h['claim-email-domain'](first, lambdaContext('t'))));
    await h['claim-email-domain'](await contactEvent(copycat, `joe@${domain}`), lambdaContext('t'));
    expect(await itemAt(`DOMAIN#${domain}`, 'DOMAIN')).toMatchObject({ accountId: acme });
    // Free mail claims nothing.
    await h['claim-email-domain'](await contactEvent(acme, `jane.${unique()}@hetnet.nl`), lambdaContext('t'));
    expect(await itemAt('DOMAIN#hetnet.nl', 'DOMAIN')).toBeUndefined();

    const lead = await submit({ name: 'Max', email: `max@${domain}`, message: 'Pricing for 20 seats?' });
    await processLead(lead);
    expect((await produced(lead)).accountId).toBe(acme);
  });
});

describe('a repeat lead from a contact with an open follow-up', () => {
  it('adds its message to that task (once, however often delivered) instead of a second task', async () => {
    const email = `kim.${unique()}@web.de`;
    const first = await submit({ name: 'Kim', email, message: 'Do you ship to Austria?' });
    await processLead(first);
    const { accountId, taskId } = await produced(first);
    expect(taskId).toBe(first.id);

    const again = await submit({ name: 'Kim', email, message: 'Also: can we pay by invoice?' });
    await Promise.all([1, 2, 3].map(() => processLead(again)));
    await processLead(again);
    expect(await produced(again)).toMatchObject({ accountId, taskId: first.id, interactionId: again.id });
    const tasks = await tasksOf(String(accountId));
    expect(tasks).toHaveLength(1);
    const when = `${again.receivedAt.replace('T', ' ').slice(0, 16)} UTC`;
    expect(tasks[0]).toMatchObject({
      title: 'Follow up',
      status: 'open',
      checklist: [{ text: `Enquired again ${when}: “Also: can we pay by invoice?”`, done: false }],
      version: 2,
    });
    expect(await underAccount(String(accountId), 'INTERACTION#')).toHaveLength(2);
  });

  it('racing repeat leads of one contact: one task, every other message on its checklist', async () => {
    const email = `lou.${unique()}@gmail.com`;
    const submissions = await Promise.all(
      ['one', 'two', 'three', 'four'].map((message) => submit({ name: 'Lou', email, message })),
    );
    await Promise.all(
      submissions.flatMap((submission) => [processLead(submission), processLead(submission)]),
    );
    const outcomes = await Promise.all(submissions.map(produced));
    const taskIds = new Set(outcomes.map((outcome) => outcome.taskId));
    expect(taskIds.size).toBe(1);
    const [accountId] = new Set(outcomes.map((outcome) => outcome.accountId));
    const tasks = await tasksOf(String(accountId));
    expect(tasks).toHaveLength(1);
    expect(submissions.map((s) => s.id)).toContain(tasks[0]?.id);
    const checklist = (tasks[0]?.checklist ?? []) as { text: string }[];
    const messages = checklist.map((item) => /“(.*)”/.exec(item.text)?.[1]);
    const maker = submissions.find((s) => s.id === tasks[0]?.id);
    expect(messages.sort()).toEqual(
      submissions
        .filter((s) => s !== maker)
        .map((s) => String(s.values.message))
        .sort(),
    );
    expect(await underAccount(String(accountId), 'INTERACTION#')).toHaveLength(4);
  });

  it('makes a new follow-up once the open one is done', async () => {
    const email = `mo.${unique()}@outlook.com`;
    const first = await submit({ name: 'Mo', email, message: 'Hello' });
    await processLead(first);
    const done = await call(h['update-task'], 'PATCH', {
      resource: '/tasks/{id}',
      params: { id: first.id },
      body: { status: 'done' },
    });
    expect(done.status).toBe(200);
    const again = await submit({ name: 'Mo', email, message: 'Hello again' });
    await processLead(again);
    await processLead(again);
    expect((await produced(again)).taskId).toBe(again.id);
    const third = await submit({ name: 'Mo', email, message: 'And once more' });
    await processLead(third);
    expect((await produced(third)).taskId).toBe(again.id);
    const { accountId } = await produced(first);
    const tasks = await tasksOf(String(accountId));
    expect(tasks.map((task) => [task.id, task.status, (task.checklist as unknown[]).length]).sort()).toEqual(
      [
        [first.id, 'done', 0],
        [again.id, 'open', 1],
      ].sort(),
    );
  });
});
