// The form automations against DynamoDB Local: each FormSubmitted event delivered 1–3 times, in shuffled
// order and at once, has one effect; leads go round-robin; support e-mails go out once; a failure is
// recorded on the submission.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterEvent } from '../../local/dead-letter.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { call } from '../support/api.ts';
import { formSubmitted, handlersByName, submitForm } from '../support/form-events.ts';
import { useOwnTable } from '../support/own-table.ts';

// A team of its own: the round-robins checked here pick from these members only, whatever other files add.
await useOwnTable('automations');

const mailDir = mkdtempSync(join(tmpdir(), 'clientele-mail-'));
process.env.MAIL_DIR = mailDir;
process.env.MAIL_FROM = 'Clientele <crm@example.com>';
process.env.PUBLIC_API_URL = 'https://crm.example.test/v1';

// biome-ignore lint/suspicious/noExplicitAny: handlers are loaded by name after the environment is set
let h: Record<string, any>;
let documentClient: typeof import('../../functions/platform/clients.ts').documentClient;
let TABLE_NAME: string;
let getSubmission: typeof import('../../functions/forms/form-store.ts').getSubmission;
const sales: string[] = [];
const service: { id: string; email: string }[] = [];

beforeAll(async () => {
  h = await handlersByName([
    'team/handlers/create-member',
    'forms/handlers/create-form',
    'forms/handlers/submit-form',
    'forms/handlers/process-lead-submission',
    'forms/handlers/process-support-submission',
    'forms/handlers/process-contact-submission',
    'work/handlers/send-mail',
    'events/handlers/record-automation-failure',
  ]);
  ({ documentClient } = await import('../../functions/platform/clients.ts'));
  ({ TABLE_NAME } = await import('../../functions/platform/table-name.ts'));
  ({ getSubmission } = await import('../../functions/forms/form-store.ts'));
  const stamp = Date.now();
  for (const [index, roles] of [['sales'], ['sales'], ['sales', 'service']].entries()) {
    const member = await call(h['create-member'], 'POST', {
      resource: '/team',
      body: { name: `Member ${index}`, email: `member${index}.${stamp}@team.test`, roles },
    });
    expect(member.status).toBe(201);
    if (roles.includes('sales')) sales.push(member.json.id);
    if (roles.includes('service')) service.push({ id: member.json.id, email: member.json.email });
  }
});

const fields = (extra: object[] = []) => [
  { name: 'name', label: 'Name', type: 'text', required: true },
  { name: 'email', label: 'E-mail', type: 'email', required: true },
  { name: 'company', label: 'Company', type: 'text' },
  { name: 'message', label: 'Message', type: 'textarea' },
  ...extra,
];

async function makeForm(kind: 'lead' | 'support' | 'contact') {
  const extra =
    kind === 'support'
      ? [
          { name: 'product', label: 'Product', type: 'text' },
          { name: 'problem', label: 'Problem', type: 'textarea', required: true },
          {
            name: 'priority',
            label: 'Priority',
            type: 'select',
            options: ['low', 'normal', 'high', 'urgent'],
          },
        ]
      : [];
  const form = await call(h['create-form'], 'POST', {
    resource: '/forms',
    body: { name: `${kind} form`, kind, fields: fields(extra) },
  });
  expect(form.status).toBe(201);
  return form.json.id as string;
}

async function underAccount(accountId: string, prefix: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': prefix },
    }),
  );
  return Items ?? [];
}

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

const unique = () => `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;

describe('lead automation', () => {
  it('has one effect per submission whatever the deliveries (1–3 each, shuffled, some at once)', async () => {
    const formId = await makeForm('lead');
    const submissions = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        submitForm(formId, {
          name: `Lead ${index}`,
          email: `lead${index}.${unique()}@corp.example`,
          company: `Corp ${index}`,
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.infiniteStream(fc.nat()),
        async (counts, randomness) => {
          const deliveries = submissions.flatMap((submission, index) =>
            Array.from({ length: counts[index] ?? 1 }, () => submission),
          );
          const order = deliveries.map((delivery) => ({ delivery, key: randomness.next().value as number }));
          order.sort((a, b) => a.key - b.key);
          // Half at once, half one after another.
          const half = Math.ceil(order.length / 2);
          await Promise.all(
            order
              .slice(0, half)
              .map(({ delivery }) =>
                h['process-lead-submission'](formSubmitted(delivery), lambdaContext('t')),
              ),
          );
          for (const { delivery } of order.slice(half))
            await h['process-lead-submission'](formSubmitted(delivery), lambdaContext('t'));
        },
      ),
      { numRuns: 5 },
    );
    for (const submission of submissions) {
      const stored = await getSubmission(formId, submission.id);
      expect(stored?.status).toBe('processed');
      const accountId = stored?.produced?.accountId ?? '';
      expect(await underAccount(accountId, 'CONTACT#')).toHaveLength(1);
      expect(await underAccount(accountId, 'INTERACTION#')).toHaveLength(1);
      const tasks = await tasksOf(accountId);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ title: 'Follow up', status: 'open' });
      expect(sales).toContain(tasks[0]?.assigneeId);
      const { Item: account } = await documentClient.send(
        new GetCommand({ TableName: TABLE_NAME, Key: { pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' } }),
      );
      expect(account).toMatchObject({
        lifecycleStage: 'lead',
        audience: 'external',
        ownerId: tasks[0]?.assigneeId,
      });
      expect(account?.leadScore).toBeGreaterThanOrEqual(30);
      // Due the next business day, never on a weekend.
      const due = new Date(String(tasks[0]?.dueAt));
      expect([0, 6]).not.toContain(due.getUTCDay());
      expect(due.getTime()).toBeGreaterThan(Date.parse(submission.receivedAt));
    }
  });

  it('assigns consecutive new leads to different sales members, in turn', async () => {
    const formId = await makeForm('lead');
    const owners: string[] = [];
    for (let index = 0; index < 3; index++) {
      const submission = await submitForm(formId, {
        name: 'Turn',
        email: `turn${index}.${unique()}@corp.example`,
      });
      await h['process-lead-submission'](formSubmitted(submission), lambdaContext('t'));
      const stored = await getSubmission(formId, submission.id);
      const tasks = await tasksOf(stored?.produced?.accountId ?? '');
      owners.push(String(tasks[0]?.assigneeId));
    }
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[1]).not.toBe(owners[2]);
  });

  it('reuses the contact an e-mail already belongs to, and two racing new leads with one e-mail make one contact', async () => {
    const formId = await makeForm('lead');
    const email = `race.${unique()}@corp.example`;
    const [first, second] = await Promise.all([
      submitForm(formId, { name: 'Racer A', email, message: 'first' }),
      submitForm(formId, { name: 'Racer B', email, message: 'second' }),
    ]);
    if (first === undefined || second === undefined) throw new Error('two submissions expected');
    await Promise.all(
      [first, second].map((s) => h['process-lead-submission'](formSubmitted(s), lambdaContext('t'))),
    );
    const [a, b] = await Promise.all([getSubmission(formId, first.id), getSubmission(formId, second.id)]);
    expect(a?.produced?.contactId).toBe(b?.produced?.contactId);
    const accountId = a?.produced?.accountId ?? '';
    expect(await underAccount(accountId, 'CONTACT#')).toHaveLength(1);
    expect(await underAccount(accountId, 'INTERACTION#')).toHaveLength(2);
  });
});

describe('support automation', () => {
  it('opens one ticket for a service member and sends one e-mail, however often the events arrive', async () => {
    const formId = await makeForm('support');
    const email = `bob.${unique()}@shop.example`;
    const submission = await submitForm(formId, {
      name: 'Bob',
      email,
      company: 'Bob’s Bikes',
      product: 'Widget',
      problem: 'It stopped working',
      priority: 'urgent',
    });
    await Promise.all(
      [1, 2, 3].map(() => h['process-support-submission'](formSubmitted(submission), lambdaContext('t'))),
    );
    const stored = await getSubmission(formId, submission.id);
    expect(stored?.status).toBe('processed');
    const accountId = stored?.produced?.accountId ?? '';
    const tickets = await underAccount(accountId, 'TICKET#');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      product: 'Widget',
      problem: 'It stopped working',
      priority: 'urgent',
      status: 'new',
    });
    expect(service.map((member) => member.id)).toContain(tickets[0]?.assigneeId);
    expect(await underAccount(accountId, 'INTERACTION#')).toHaveLength(1);

    const { Item: mail } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { pk: `MAIL#${submission.id}`, sk: 'MAIL' } }),
    );
    expect(mail).toMatchObject({
      status: 'queued',
      to: service.find((m) => m.id === tickets[0]?.assigneeId)?.email,
    });
    // Names, not ids, and the ticket's address in the API.
    expect(String(mail?.text).split('\n')).toEqual([
      expect.stringMatching(/^Hello Member \d,$/),
      '',
      'A urgent-priority ticket was assigned to you.',
      `From: Bob <${email}>`,
      'Account: Bob’s Bikes',
      'Product: Widget',
      'Problem: It stopped working',
      '',
      `https://crm.example.test/v1/tickets/${tickets[0]?.id}`,
    ]);
    const mailEvent = {
      ...formSubmitted(submission),
      'detail-type': 'MailQueued',
      detail: {
        eventId: '00000000-0000-0000-0000-000000000001',
        eventVersion: 1,
        entity: 'Mail',
        id: mail?.id,
        occurredAt: mail?.createdAt,
        data: { ...mail, pk: undefined, sk: undefined, type: undefined },
      },
    };
    await Promise.all([1, 2].map(() => h['send-mail'](mailEvent, lambdaContext('t'))));
    await h['send-mail'](mailEvent, lambdaContext('t'));
    expect(readdirSync(mailDir).filter((name) => name.startsWith(submission.id))).toEqual([
      `${submission.id}.eml`,
    ]);
    const { Item: sent } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { pk: `MAIL#${submission.id}`, sk: 'MAIL' } }),
    );
    expect(sent?.status).toBe('sent');
  });
});

describe('contact automation', () => {
  it('makes a contact and an interaction, and no task', async () => {
    const formId = await makeForm('contact');
    const submission = await submitForm(formId, { name: 'Cleo', email: `cleo.${unique()}@home.example` });
    await h['process-contact-submission'](formSubmitted(submission), lambdaContext('t'));
    await h['process-contact-submission'](formSubmitted(submission), lambdaContext('t'));
    const stored = await getSubmission(formId, submission.id);
    const accountId = stored?.produced?.accountId ?? '';
    expect(stored?.produced?.taskId).toBeUndefined();
    expect(await underAccount(accountId, 'CONTACT#')).toHaveLength(1);
    expect(await underAccount(accountId, 'INTERACTION#')).toHaveLength(1);
    expect(await tasksOf(accountId)).toHaveLength(0);
  });
});

describe('failures', () => {
  const deadLetter = (payload: unknown, error: string): SQSEvent =>
    deadLetterEvent({
      payload,
      error: { type: 'TypeError', message: error },
      attempts: 3,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      messageId: `m-${unique()}`,
      region: 'us-east-1',
    });

  it('records the reason on a submission whose automation gave up, but never un-processes one', async () => {
    const formId = await makeForm('lead');
    const failed = await submitForm(formId, { name: 'Fay', email: `fay.${unique()}@corp.example` });
    const result = await h['record-automation-failure'](
      deadLetter(formSubmitted(failed), 'boom'),
      lambdaContext('t'),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await getSubmission(formId, failed.id)).toMatchObject({
      status: 'failed',
      reason: 'TypeError: boom',
    });

    const done = await submitForm(formId, { name: 'Dan', email: `dan.${unique()}@corp.example` });
    await h['process-lead-submission'](formSubmitted(done), lambdaContext('t'));
    await h['record-automation-failure'](deadLetter(formSubmitted(done), 'late'), lambdaContext('t'));
    expect((await getSubmission(formId, done.id))?.status).toBe('processed');
  });
});
