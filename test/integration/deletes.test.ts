// Deleting records against DynamoDB Local. A contact goes with its e-mail claim (the address is free again at
// once); an interaction, a task (with its note under its account) and a form go on their version (a stale
// If-Match removes nothing). An account goes with everything under it in batches: refused with 409 naming what
// is open unless cascade, nothing written then; accepted once however often asked, in parallel too; nothing new
// lands under it meanwhile; the bills stay. A run cut short halfway, or two runs racing, leave exact counts and
// an empty account partition but for the deletion and the bills.
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { accountPartition, emailClaimKey } from '../../functions/accounts/entity.ts';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as deleteContact } from '../../functions/accounts/handlers/delete-contact.ts';
import { handler as deleteInteraction } from '../../functions/accounts/handlers/delete-interaction.ts';
import { handler as getAccount } from '../../functions/accounts/handlers/get-account.ts';
import { handler as getContactById } from '../../functions/accounts/handlers/get-contact-by-id.ts';
import { handler as listInteractions } from '../../functions/accounts/handlers/list-interactions.ts';
import { handler as logInteraction } from '../../functions/accounts/handlers/log-interaction.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { domainClaimItem, domainClaimKey } from '../../functions/forms/entity.ts';
import { handler as deleteForm } from '../../functions/forms/handlers/delete-form.ts';
import { handler as getForm } from '../../functions/forms/handlers/get-form.ts';
import { handler as listSubmissions } from '../../functions/forms/handlers/list-submissions.ts';
import { continueDeletion } from '../../functions/lifecycle/deletion-store.ts';
import { handler as deleteAccount } from '../../functions/lifecycle/handlers/delete-account.ts';
import { handler as getDeletion } from '../../functions/lifecycle/handlers/get-account-deletion.ts';
import { invoiceKey } from '../../functions/orders/entity.ts';
import { BATCHES_PER_RUN, PER_BATCH } from '../../functions/platform/batches.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as answerSurvey } from '../../functions/service/handlers/answer-survey.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { sendSurvey } from '../../functions/service/survey-store.ts';
import { mailKey, taskKey } from '../../functions/work/entity.ts';
import { handler as createTask } from '../../functions/work/handlers/create-task.ts';
import { handler as deleteTask } from '../../functions/work/handlers/delete-task.ts';
import { handler as getTask } from '../../functions/work/handlers/get-task.ts';
import { call } from '../support/api.ts';
import { submitForm } from '../support/form-events.ts';
import { defineForm, LEAD_FORM, unique } from '../support/forms.ts';
import { manyInteractions, partition } from '../support/partition.ts';

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const read = async (key: { pk: string; sk: string }) =>
  (await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }))).Item;

async function newAccount(body: Record<string, unknown> = {}) {
  const made = await call(createAccount, 'POST', {
    resource: '/accounts',
    body: { name: `Deletes ${unique()}`, ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number };
}
async function newContact(accountId: string, email = `p.${unique()}@example.com`) {
  const made = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body: { name: 'Pat Doe', email },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; email: string; version: number };
}
async function log(accountId: string, subject = 'Call') {
  const made = await call(logInteraction, 'POST', {
    resource: '/accounts/{id}/interactions',
    params: { id: accountId },
    body: { channel: 'call', subject },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number };
}
async function newTask(accountId: string) {
  const made = await call(createTask, 'POST', {
    resource: '/tasks',
    body: { title: 'Call back', dueAt: '2026-12-10T09:00:00Z', links: { accountId } },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number };
}
async function newDeal(accountId: string) {
  const made = await call(createDeal, 'POST', {
    resource: '/deals',
    body: { accountId, title: 'Retainer', amount: 100_000, currency: 'EUR' },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number };
}
const startDelete = (accountId: string, cascade?: boolean) =>
  call(deleteAccount, 'DELETE', {
    resource: '/accounts/{id}',
    params: { id: accountId },
    ...(cascade === undefined ? {} : { query: { cascade: String(cascade) } }),
  });
const deletionOf = async (accountId: string) =>
  (await call(getDeletion, 'GET', { resource: '/accounts/{id}/deletion', params: { id: accountId } })).json;

/** What the stream would do: run each run the deletion hands over to, until it is done. */
async function runToTheEnd(accountId: string) {
  for (let guard = 0; guard < 1000; guard++) {
    const deletion = await deletionOf(accountId);
    if (deletion.state !== 'running') return deletion;
    await continueDeletion(accountId, deletion.run, () => new Date());
  }
  throw new Error('the deletion never finished');
}

describe('DELETE /contacts/{id}', () => {
  it('removes the contact and frees its address at once; a stale If-Match removes nothing', async () => {
    const account = await newAccount();
    const pat = await newContact(account.id);
    const stale = await call(deleteContact, 'DELETE', {
      resource: '/contacts/{id}',
      params: { id: pat.id },
      headers: ifMatch(pat.version + 1),
    });
    expect(stale.status, stale.text).toBe(412);
    expect(await read(emailClaimKey(pat.email))).toBeDefined();

    const gone = await call(deleteContact, 'DELETE', {
      resource: '/contacts/{id}',
      params: { id: pat.id },
      headers: ifMatch(pat.version),
    });
    expect(gone.status, gone.text).toBe(204);
    expect(gone.text).toBe('');
    expect(
      (await call(getContactById, 'GET', { resource: '/contacts/{id}', params: { id: pat.id } })).status,
    ).toBe(404);
    expect(await read(emailClaimKey(pat.email))).toBeUndefined();
    // The address is anyone's again.
    await newContact(account.id, pat.email);
    const again = await call(deleteContact, 'DELETE', { resource: '/contacts/{id}', params: { id: pat.id } });
    expect(again.status).toBe(404);
  });
});

describe('DELETE an interaction, a task, a form', () => {
  it('takes the interaction off the timeline on its version', async () => {
    const account = await newAccount();
    const kept = await log(account.id, 'Kept');
    const dropped = await log(account.id, 'Dropped');
    const path = { id: account.id, interactionId: dropped.id };
    const resource = '/accounts/{id}/interactions/{interactionId}';
    expect(
      (await call(deleteInteraction, 'DELETE', { resource, params: path, headers: ifMatch(9) })).status,
    ).toBe(412);
    expect((await call(deleteInteraction, 'DELETE', { resource, params: path })).status).toBe(204);
    expect((await call(deleteInteraction, 'DELETE', { resource, params: path })).status).toBe(404);
    const timeline = await call(listInteractions, 'GET', {
      resource: '/accounts/{id}/interactions',
      params: { id: account.id },
    });
    expect(timeline.json.items.map((item: { id: string }) => item.id)).toEqual([kept.id]);
  });

  it('removes a task with its note under the account it is linked to', async () => {
    const account = await newAccount();
    const task = await newTask(account.id);
    const note = { pk: accountPartition(account.id), sk: `TASK#${task.id}` };
    expect(await read(note)).toMatchObject({ type: 'TaskLink', taskId: task.id, accountId: account.id });
    const resource = '/tasks/{id}';
    expect(
      (await call(deleteTask, 'DELETE', { resource, params: { id: task.id }, headers: ifMatch(2) })).status,
    ).toBe(412);
    expect(await read(taskKey(task.id))).toBeDefined();
    expect((await call(deleteTask, 'DELETE', { resource, params: { id: task.id } })).status).toBe(204);
    expect(await read(taskKey(task.id))).toBeUndefined();
    expect(await read(note)).toBeUndefined();
    expect((await call(getTask, 'GET', { resource, params: { id: task.id } })).status).toBe(404);
  });

  it('removes a form: its page is gone, what it was sent stays', async () => {
    const form = await defineForm(LEAD_FORM);
    await submitForm(form.id, { name: 'Ann', email: `ann.${unique()}@example.com`, company: 'Ann AG' });
    expect(
      (await call(deleteForm, 'DELETE', { resource: '/forms/{id}', params: { id: form.id } })).status,
    ).toBe(204);
    expect(
      (await call(getForm, 'GET', { resource: '/forms/{id}', params: { id: form.id }, sub: null })).status,
    ).toBe(404);
    const sent = await call(listSubmissions, 'GET', {
      resource: '/forms/{id}/submissions',
      params: { id: form.id },
    });
    expect(sent.json.items).toHaveLength(1);
  });
});

describe('DELETE /accounts/{id}', () => {
  it('is refused with 409 naming what is open, writing nothing; with cascade it removes everything but the bills', async () => {
    const account = await newAccount({ tags: ['VIP', 'Berlin'] });
    const contacts = await Promise.all([newContact(account.id), newContact(account.id)]);
    await Promise.all([log(account.id), log(account.id), log(account.id)]);
    const deal = await newDeal(account.id);
    const ticket = await call(createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId: account.id, problem: 'Broken', contactId: contacts[0]?.id },
    });
    expect(ticket.status, ticket.text).toBe(201);
    const task = await newTask(account.id);
    const invoiceId = ulid();
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE_NAME]: [
            {
              PutRequest: {
                // Only its key and type matter here: the deletion leaves every bill as it is.
                Item: { ...invoiceKey(account.id, invoiceId), type: 'Invoice', id: invoiceId, version: 1 },
              },
            },
          ],
        },
      }),
    );
    const before = await partition(account.id);

    const refused = await startDelete(account.id);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.error.details).toEqual([
      { path: 'deals', message: '1 open.' },
      { path: 'tickets', message: '1 open.' },
    ]);
    expect(await partition(account.id)).toEqual(before);

    // Asked several times at once: one deletion.
    const accepted = await Promise.all([1, 2, 3].map(() => startDelete(account.id, true)));
    for (const answer of accepted) {
      expect(answer.status, answer.text).toBe(202);
      expect(answer.headers.location).toBe(`/accounts/${account.id}/deletion`);
      expect(answer.json).toMatchObject({
        state: 'running',
        cascade: true,
        open: { deals: 1, orders: 0, tickets: 1 },
      });
    }
    // Nothing new under it meanwhile, and the account itself does not change.
    const late = await call(createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: account.id },
      body: { name: 'Late' },
    });
    expect(late.status, late.text).toBe(409);
    expect(late.json.error.message).toMatch(/is being deleted/);
    const lateDeal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: account.id, title: 'Late', amount: 1, currency: 'EUR' },
    });
    expect(lateDeal.status, lateDeal.text).toBe(409);
    const patched = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: account.id },
      body: { name: 'Renamed' },
    });
    expect(patched.status, patched.text).toBe(409);

    const done = await runToTheEnd(account.id);
    expect(done).toMatchObject({
      state: 'done',
      removed: {
        contacts: 2,
        interactions: 3,
        deals: 1,
        orders: 0,
        tickets: 1,
        surveys: 0,
        tasks: 1,
        listings: 3,
      },
      kept: { invoices: 1, charges: 0 },
    });
    expect(done.finishedAt).toBeDefined();
    const left = await partition(account.id);
    expect(left.map((item) => item.sk).sort()).toEqual(['DELETION', `INVOICE#${invoiceId}`]);
    for (const contact of contacts) expect(await read(emailClaimKey(contact.email))).toBeUndefined();
    expect(await read(taskKey(task.id))).toBeUndefined();
    expect(
      (await call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id: account.id } })).status,
    ).toBe(404);
    // Asked again: the same deletion, done.
    const retried = await startDelete(account.id, true);
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual(done);
    expect(deal.id).toBeDefined();
  });

  it('answers 404 for an account it does not know, and for a deletion never asked for', async () => {
    expect((await startDelete(ulid())).status).toBe(404);
    const account = await newAccount();
    expect(
      (await call(getDeletion, 'GET', { resource: '/accounts/{id}/deletion', params: { id: account.id } }))
        .status,
    ).toBe(404);
  });

  it('removes a big account in runs; a run cut short halfway is run again with exact counts', async () => {
    const account = await newAccount();
    const total = PER_BATCH * BATCHES_PER_RUN + 250;
    await manyInteractions(account.id, total);
    expect((await startDelete(account.id)).status).toBe(202);

    // The first run dies after its third batch (a crash, a timeout): three batches are in, and counted.
    const cut = new Error('cut short');
    await expect(
      continueDeletion(
        account.id,
        1,
        () => new Date(),
        (batch) => {
          if (batch === 3) throw cut;
        },
      ),
    ).rejects.toBe(cut);
    const halfway = await deletionOf(account.id);
    expect(halfway).toMatchObject({ state: 'running', run: 1, batches: 3 });
    // The first batch took the account's listing (AUDIENCE#…, first in key order) too.
    expect(halfway.removed).toMatchObject({ listings: 1, interactions: 3 * PER_BATCH - 1 });
    expect((await partition(account.id)).length).toBe(total + 1 + 2 - 3 * PER_BATCH);

    // The platform runs it again — twice at once, as a redelivery can — and the work goes on from there.
    const again = await Promise.all([1, 2].map(() => continueDeletion(account.id, 1, () => new Date())));
    expect(again.map((run) => run.outcome).sort()).toEqual(['handed-over', 'not-this-run'].sort());
    const handed = await deletionOf(account.id);
    expect(handed).toMatchObject({ run: 2, handOver: true, batches: BATCHES_PER_RUN });
    // A stale event (the first run's) does nothing now.
    expect((await continueDeletion(account.id, 1, () => new Date())).outcome).toBe('not-this-run');

    const done = await runToTheEnd(account.id);
    expect(done.state).toBe('done');
    expect(done.removed.interactions).toBe(total);
    expect(done.removed.listings).toBe(1);
    expect((await partition(account.id)).map((item) => item.sk)).toEqual(['DELETION']);
  });

  it('lets nothing back in once begun: a late survey answer, a task linked to it, a reopened ticket', async () => {
    const account = await newAccount();
    const ticket = await call(createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId: account.id, problem: 'Broken' },
    });
    const resolved = async (status: string) =>
      call(updateTicket, 'PATCH', {
        resource: '/tickets/{id}',
        params: { id: ticket.json.id },
        body: { status },
      });
    expect((await resolved('resolved')).status).toBe(200);
    const survey = await sendSurvey(ticket.json, 'https://crm.example.test/v1', new Date());
    const mail = await read(mailKey(survey.surveyId));
    const token = /\/surveys\/([A-Za-z0-9_-]{43})\b/.exec(String(mail?.text))?.[1] ?? '';
    expect((await startDelete(account.id)).status).toBe(202);

    const reopened = await resolved('open');
    expect(reopened.status, reopened.text).toBe(409);
    const task = await call(createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Late', dueAt: '2026-12-10T09:00:00Z', links: { accountId: account.id } },
    });
    expect(task.status, task.text).toBe(409);
    expect(task.json.error.details).toEqual([{ path: 'links.accountId', message: 'Being deleted.' }]);
    const answered = await call(answerSurvey, 'POST', {
      resource: '/surveys/{token}',
      params: { token },
      body: { score: 1 },
      sub: null,
    });
    expect(answered.status, answered.text).toBe(404);

    const done = await runToTheEnd(account.id);
    expect(done.removed).toMatchObject({ tickets: 1, tasks: 0 });
    expect((await partition(account.id)).map((item) => item.sk)).toEqual(['DELETION']);
  });

  it("gives up its contacts' company-domain claims, and only its own", async () => {
    const account = await newAccount();
    const other = await newAccount();
    const mine = `acme${unique()}.de`;
    const theirs = `bolt${unique()}.de`;
    await newContact(account.id, `anna@${mine}`);
    await newContact(account.id, `ben@${theirs}`);
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE_NAME]: [
            { PutRequest: { Item: domainClaimItem(mine, account.id, new Date().toISOString()) } },
            { PutRequest: { Item: domainClaimItem(theirs, other.id, new Date().toISOString()) } },
          ],
        },
      }),
    );
    expect((await startDelete(account.id)).status).toBe(202);
    expect((await runToTheEnd(account.id)).removed.contacts).toBe(2);
    expect(await read(domainClaimKey(mine))).toBeUndefined();
    expect(await read(domainClaimKey(theirs))).toMatchObject({ accountId: other.id });
  });
});
