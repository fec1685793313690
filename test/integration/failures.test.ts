// What an automation gave up on is kept, against DynamoDB Local, on a table of this file's own: every dead
// letter becomes one failure record per (rule, event), counted once per message; admins list them and ask
// for a retry, which the redrive hands to the rule's function once (an Invoke, asynchronous); the reconciler
// re-announces submissions and mails that stalled, and only those; a mail is claimed before it is sent.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterEvent } from '../../local/dead-letter.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Target = (event: unknown, context: Context) => Promise<unknown>;

await useOwnTable('failures');
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:send-mail-dead-letters';
process.env.DEAD_LETTER_RULES = JSON.stringify([[QUEUE, 'SendMail']]);
process.env.RULE_FUNCTIONS = JSON.stringify({ SendMail: 'clientele-send-mail' });

// Stands in for Lambda's Invoke API: what the redrive hands over.
const invocations: { name: string; type: string | undefined; payload: unknown }[] = [];
const lambda = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const name = decodeURIComponent(/functions\/([^/]+)\/invocations/.exec(request.url ?? '')?.[1] ?? '');
    invocations.push({
      name,
      type: request.headers['x-amz-invocation-type'] as string | undefined,
      payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    });
    response.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
process.env.LAMBDA_ENDPOINT = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;

const h = {
  record: await loadHandler<(event: SQSEvent, context: Context) => Promise<unknown>>(
    'events/handlers/record-automation-failure',
  ),
  list: await loadHandler<Handler>('events/handlers/list-failures'),
  retry: await loadHandler<Handler>('events/handlers/retry-failure'),
  redrive: await loadHandler<Target>('events/handlers/redrive-failure'),
  createForm: await loadHandler<Handler>('forms/handlers/create-form'),
  submit: await loadHandler<Handler>('forms/handlers/submit-form'),
};
const { reconcile } = await import('../../functions/events/reconcile.ts');
const { toDomainEvent } = await import('../../functions/events/events.ts');
const { getSubmission, markProcessed } = await import('../../functions/forms/form-store.ts');
const { claimMail, getMail, leaseEnd, markMailFailed, markMailSent, releaseMail } = await import(
  '../../functions/work/mailbox.ts'
);
const { transact } = await import('../../functions/platform/store.ts');
const { queueMail } = await import('../../functions/work/services.ts');
const { readItem } = await import('../../functions/platform/store.ts');
const { failureKey } = await import('../../functions/events/entity.ts');

afterAll(() => new Promise<void>((resolve) => lambda.close(() => resolve())));

const mailQueued = {
  version: '0',
  id: 'b5d0b7e4-6f3e-4a43-9d0a-3c1f1d9f2a11',
  'detail-type': 'MailQueued',
  source: 'clientele',
  account: '000000000000',
  time: '2026-12-01T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventId: '0f6c2c56-2a5e-4a8e-9b5e-6b7c8d9e0f12',
    eventVersion: 1,
    entity: 'Mail',
    id: '01M8S00000000000000000MA11',
    occurredAt: '2026-12-01T10:00:00.000Z',
    data: { id: '01M8S00000000000000000MA11', to: 'x@example.com', subject: 'Hello', status: 'queued' },
  },
};

/** An on-failure destination record for the SendMail function's dead-letter queue. */
const deadLetter = (messageId: string, message: string): SQSEvent =>
  deadLetterEvent({
    payload: mailQueued,
    error: { type: 'Error', message },
    attempts: 3,
    queueArn: QUEUE,
    messageId,
    region: 'us-east-1',
  });

const salesSub = `failures-sales-${Date.now().toString(36)}`;
beforeAll(async () => {
  const member = await call(await loadHandler<Handler>('team/handlers/create-member'), 'POST', {
    resource: '/team',
    body: { name: 'Sal', email: `${salesSub}@clientele.test`, roles: ['sales'], userId: salesSub },
  });
  expect(member.status).toBe(201);
});

describe('failures', () => {
  let failureId = '';

  it('records a dead letter once per message, and reopens and counts it when it fails again', async () => {
    expect(await h.record(deadLetter('m-1', 'mailbox full'), lambdaContext('t'))).toEqual({
      batchItemFailures: [],
    });
    // SQS delivers a message at least once: the same message again counts once.
    await h.record(deadLetter('m-1', 'mailbox full'), lambdaContext('t'));
    const listed = await call(h.list, 'GET', { resource: '/failures' });
    expect(listed.status).toBe(200);
    expect(listed.json.items).toHaveLength(1);
    const [failure] = listed.json.items;
    expect(failure).toMatchObject({
      rule: 'SendMail',
      detailType: 'MailQueued',
      eventId: mailQueued.detail.eventId,
      subject: { entity: 'Mail', id: mailQueued.detail.id },
      event: mailQueued,
      error: { type: 'Error', message: 'mailbox full' },
      attempts: 3,
      failures: 1,
      status: 'open',
      retries: 0,
    });
    failureId = failure.id;
    expect(
      (await call(h.list, 'GET', { resource: '/failures', query: { status: 'retried' } })).json.items,
    ).toEqual([]);
  });

  it('lets only admins list and retry; an unknown failure is a 404', async () => {
    for (const [handler, method, resource] of [
      [h.list, 'GET', '/failures'],
      [h.retry, 'POST', '/failures/{id}/retry'],
    ] as const) {
      const refused = await call(handler, method, {
        resource,
        params: { id: failureId },
        sub: salesSub,
        groups: ['sales'],
      });
      expect(refused.status).toBe(403);
    }
    const unknown = await call(h.retry, 'POST', {
      resource: '/failures/{id}/retry',
      params: { id: '01M8S00000000000000000ZZZZ' },
    });
    expect(unknown.status).toBe(404);
    expect((await readItem(failureKey(failureId)))?.retries).toBe(0);
  });

  it('retries: the failure is marked, its change announced, and the redrive invokes the target once', async () => {
    const before = await readItem(failureKey(failureId));
    const retried = await call(h.retry, 'POST', {
      resource: '/failures/{id}/retry',
      params: { id: failureId },
    });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({
      status: 'retried',
      retries: 1,
      retriedBy: '01JTESTERMEMBER00000000000',
    });
    const after = await readItem(failureKey(failureId));
    // The stream record of that write, as the relay maps it.
    const announced = toDomainEvent({
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: marshall(before, { removeUndefinedValues: true }) as never,
        NewImage: marshall(after, { removeUndefinedValues: true }) as never,
      },
    });
    expect(announced?.detailType).toBe('FailureRetryRequested');
    expect(announced?.detail.data?.eventJson).toBeUndefined();
    const event = {
      version: '0',
      id: 'redrive-1',
      'detail-type': announced?.detailType,
      source: 'clientele',
      account: '000000000000',
      time: '2026-12-01T10:30:00Z',
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(JSON.stringify(announced?.detail)),
    };
    await h.redrive(event, lambdaContext('redrive-failure'));
    // Delivered again (at least once): handed over once only.
    await h.redrive(event, lambdaContext('redrive-failure'));
    expect(invocations).toEqual([{ name: 'clientele-send-mail', type: 'Event', payload: mailQueued }]);

    // It fails again: open again, counted, the retry kept.
    await h.record(deadLetter('m-2', 'mailbox still full'), lambdaContext('t'));
    const [again] = (await call(h.list, 'GET', { resource: '/failures', query: { status: 'open' } })).json
      .items;
    expect(again).toMatchObject({ id: failureId, status: 'open', failures: 2, retries: 1, redriven: 1 });
  });
});

describe('the reconciler', () => {
  it('re-announces a submission that stalled, with the id of its first announcement, and only while it waits', async () => {
    const form = await call(h.createForm, 'POST', {
      resource: '/forms',
      body: {
        name: 'Stalls',
        kind: 'lead',
        fields: [{ name: 'email', label: 'E-mail', type: 'email', required: true }],
      },
    });
    expect(form.status).toBe(201);
    const submitted = await call(h.submit, 'POST', {
      resource: '/forms/{id}/submissions',
      params: { id: form.json.id },
      body: { email: 'stuck@example.com' },
      sub: null,
    });
    expect(submitted.status).toBe(202);
    const id = submitted.json.submissionId as string;
    const stored = await getSubmission(form.json.id, id);
    if (stored === undefined) throw new Error('not stored');
    const received = new Date(stored.receivedAt);

    // Not stalled yet four minutes on; stalled after five.
    expect((await reconcile(new Date(received.getTime() + 4 * 60_000))).submissionIds).not.toContain(id);
    const run = await reconcile(new Date(received.getTime() + 6 * 60_000));
    expect(run.submissionIds).toContain(id);
    const redriven = await getSubmission(form.json.id, id);
    expect(redriven).toMatchObject({ status: 'accepted', redrives: 1, version: stored.version });

    // The relay announces the change as FormSubmitted again, with the first announcement's id.
    const { submissionItem } = await import('../../functions/forms/form-store.ts');
    const image = (record: Record<string, unknown>) =>
      marshall(record, { removeUndefinedValues: true }) as never;
    const first = toDomainEvent({
      eventName: 'INSERT',
      dynamodb: { NewImage: image(submissionItem(stored)) },
    });
    const again = toDomainEvent({
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: image(submissionItem(stored)),
        NewImage: image(submissionItem(redriven ?? stored)),
      },
    });
    expect(again?.detailType).toBe('FormSubmitted');
    expect(again?.detail.eventId).toBe(first?.detail.eventId);

    // Processed: it leaves the waiting records, and no later run touches it.
    await markProcessed(form.json.id, id, { contactId: 'c' }, new Date());
    const later = await reconcile(new Date(received.getTime() + 60 * 60_000));
    expect(later.submissionIds).not.toContain(id);
    expect((await getSubmission(form.json.id, id))?.redrives).toBe(1);
  });

  it('re-announces a mail still unsent, and a mail is claimed before it is sent', async () => {
    const id = '01M8S00000000000000000MB22';
    const at = new Date('2026-12-01T08:00:00.000Z');
    await transact([
      queueMail({ id, to: 'y@example.com', subject: 'Hi', lines: ['Hello'], about: {} }, at.toISOString()),
    ]);
    expect((await reconcile(new Date(at.getTime() + 6 * 60_000))).mailIds).toContain(id);

    // Two senders at once: one claims it, the other finds it leased until the lease runs out.
    const now = new Date();
    expect(await claimMail(id, now, 60_000)).toBe('claimed');
    expect(await claimMail(id, now, 60_000)).toBe('leased');
    expect(await claimMail(id, new Date(now.getTime() + 61_000), 60_000)).toBe('claimed');
    // A refused send gives the claim back (only its holder can): the next delivery need not wait.
    const later = new Date(now.getTime() + 61_000);
    expect(await releaseMail(id, leaseEnd(now, 60_000))).toBe(false);
    expect(await releaseMail(id, leaseEnd(later, 60_000))).toBe(true);
    expect(await claimMail(id, new Date(), 60_000)).toBe('claimed');
    // Claims are bookkeeping: the version, and so a re-announcement's event id, stays.
    expect((await getMail(id))?.version).toBe(1);
    // Given up on: failed, out of the reconciler's way, and claimable again by a retry.
    expect(await markMailFailed(id, 'Error: refused', new Date())).toBe(true);
    expect((await reconcile(new Date(Date.now() + 60 * 60_000))).mailIds).not.toContain(id);
    expect(await claimMail(id, new Date(), 60_000)).toBe('claimed');
    expect(await markMailSent(id, new Date())).toBe(true);
    expect(await claimMail(id, new Date(), 60_000)).toBe('sent');
    expect((await getMail(id))?.status).toBe('sent');
    expect((await reconcile(new Date(Date.now() + 60 * 60_000))).mailIds).not.toContain(id);
  });
});
