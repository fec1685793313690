// Merging duplicates against DynamoDB Local. An account merge moves everything under the merged account to the
// survivor — contacts with their claims, interactions, deals, tickets, surveys, tasks, bills, history — and its
// id then answers 301 to the survivor; nothing new lands under it meanwhile. A contact merge relinks what names
// the merged contact, moves its addresses and history to the survivor. Either is accepted once however often
// asked, and a run cut short halfway (or two runs racing) leaves exact counts and nothing left behind.
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { accountPartition, contactKey, emailClaimKey } from '../../functions/accounts/entity.ts';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as deleteContact } from '../../functions/accounts/handlers/delete-contact.ts';
import { handler as findContacts } from '../../functions/accounts/handlers/find-contacts.ts';
import { handler as getAccount } from '../../functions/accounts/handlers/get-account.ts';
import { handler as getContactById } from '../../functions/accounts/handlers/get-contact-by-id.ts';
import { handler as listAccounts } from '../../functions/accounts/handlers/list-accounts.ts';
import { handler as listInteractions } from '../../functions/accounts/handlers/list-interactions.ts';
import { handler as logInteraction } from '../../functions/accounts/handlers/log-interaction.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { handler as updateContact } from '../../functions/accounts/handlers/update-contact.ts';
import { domainClaimItem, domainClaimKey } from '../../functions/forms/entity.ts';
import { handler as deleteAccount } from '../../functions/lifecycle/handlers/delete-account.ts';
import { handler as getAccountMerge } from '../../functions/lifecycle/handlers/get-account-merge.ts';
import { handler as getContactMerge } from '../../functions/lifecycle/handlers/get-contact-merge.ts';
import { handler as mergeAccount } from '../../functions/lifecycle/handlers/merge-account.ts';
import { handler as mergeContact } from '../../functions/lifecycle/handlers/merge-contact.ts';
import { continueAccountMerge, continueContactMerge } from '../../functions/lifecycle/merge-store.ts';
import { invoiceKey } from '../../functions/orders/entity.ts';
import { BATCHES_PER_RUN, PER_BATCH } from '../../functions/platform/batches.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { historyItem } from '../../functions/platform/history.ts';
import { mergedKey } from '../../functions/platform/merged.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as getDeal } from '../../functions/sales/handlers/get-deal.ts';
import { handler as answerSurvey } from '../../functions/service/handlers/answer-survey.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { sendSurvey } from '../../functions/service/survey-store.ts';
import { mailKey, taskKey } from '../../functions/work/entity.ts';
import { handler as createTask } from '../../functions/work/handlers/create-task.ts';
import { call } from '../support/api.ts';
import { unique } from '../support/forms.ts';
import { manyInteractions, partition } from '../support/partition.ts';

const read = async (key: { pk: string; sk: string }) =>
  (await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }))).Item;

async function newAccount(body: Record<string, unknown> = {}) {
  const made = await call(createAccount, 'POST', {
    resource: '/accounts',
    body: { name: `Merges ${unique()}`, ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number };
}
async function newContact(accountId: string, body: Record<string, unknown> = {}) {
  const made = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body: { name: 'Pat Doe', email: `p.${unique()}@example.com`, ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; email: string; version: number };
}
async function log(accountId: string, body: Record<string, unknown> = {}) {
  const made = await call(logInteraction, 'POST', {
    resource: '/accounts/{id}/interactions',
    params: { id: accountId },
    body: { channel: 'call', subject: 'Call', ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; version: number; contactId?: string };
}
async function newTicket(accountId: string, contactId?: string) {
  const made = await call(createTicket, 'POST', {
    resource: '/tickets',
    body: { accountId, problem: 'Broken', ...(contactId === undefined ? {} : { contactId }) },
  });
  expect(made.status, made.text).toBe(201);
  return made.json;
}
const mergeAccounts = (into: string, from: string) =>
  call(mergeAccount, 'POST', { resource: '/accounts/{id}/merge', params: { id: into }, body: { from } });
const accountMergeOf = async (into: string, from: string) =>
  (
    await call(getAccountMerge, 'GET', {
      resource: '/accounts/{id}/merges/{fromId}',
      params: { id: into, fromId: from },
    })
  ).json;
const mergeContacts = (into: string, from: string) =>
  call(mergeContact, 'POST', { resource: '/contacts/{id}/merge', params: { id: into }, body: { from } });
const contactMergeOf = async (into: string, from: string) =>
  (
    await call(getContactMerge, 'GET', {
      resource: '/contacts/{id}/merges/{fromId}',
      params: { id: into, fromId: from },
    })
  ).json;

/** What the stream would do: run each run the merge hands over to, until it is done. */
async function accountMergeToTheEnd(into: string, from: string) {
  for (let guard = 0; guard < 1000; guard++) {
    const merge = await accountMergeOf(into, from);
    if (merge.state !== 'running') return merge;
    await continueAccountMerge(from, merge.run, () => new Date());
  }
  throw new Error('the merge never finished');
}
async function contactMergeToTheEnd(accountId: string, into: string, from: string) {
  for (let guard = 0; guard < 1000; guard++) {
    const merge = await contactMergeOf(into, from);
    if (merge.state !== 'running') return merge;
    await continueContactMerge(accountId, from, merge.run, () => new Date());
  }
  throw new Error('the merge never finished');
}

const put = (Item: Record<string, unknown>) =>
  documentClient.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: [{ PutRequest: { Item } }] } }));

describe('POST /accounts/{id}/merge', () => {
  it('moves everything under the merged account to the survivor, and the old id answers where it went', async () => {
    const domain = `merge-${unique()}.de`.toLowerCase();
    const tag = `dup-${unique()}`.toLowerCase();
    const survivor = await newAccount({ name: 'Berger Consulting GmbH' });
    const duplicate = await newAccount({ name: 'Berger Consulting', tags: [tag] });
    const kept = await newContact(survivor.id);
    const max = await newContact(duplicate.id, { email: `max@${domain}` });
    const eva = await newContact(duplicate.id);
    await put(domainClaimItem(domain, duplicate.id, new Date().toISOString()));
    const logged = await Promise.all([
      log(duplicate.id, { contactId: max.id }),
      log(duplicate.id),
      log(duplicate.id),
    ]);
    const deal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: duplicate.id, title: 'Retainer', amount: 100_000, currency: 'EUR' },
      headers: { 'Idempotency-Key': `deal-${unique()}` },
    });
    expect(deal.status, deal.text).toBe(201);
    const ticket = await newTicket(duplicate.id, max.id);
    const resolved = await call(updateTicket, 'PATCH', {
      resource: '/tickets/{id}',
      params: { id: ticket.id },
      body: { status: 'resolved' },
    });
    expect(resolved.status, resolved.text).toBe(200);
    const survey = await sendSurvey(resolved.json, 'https://crm.example.test/v1', new Date());
    expect(survey.sent).toBe(true);
    const token = /\/surveys\/([A-Za-z0-9_-]{43})\b/.exec(
      String((await read(mailKey(survey.surveyId)))?.text),
    )?.[1];
    const task = await call(createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Call back', dueAt: '2026-12-10T09:00:00Z', links: { accountId: duplicate.id } },
    });
    expect(task.status, task.text).toBe(201);
    const invoiceId = ulid();
    await put({
      ...invoiceKey(duplicate.id, invoiceId),
      type: 'Invoice',
      id: invoiceId,
      accountId: duplicate.id,
      version: 1,
    });
    const entry = historyItem(
      contactKey(duplicate.id, max.id),
      {
        recordType: 'Contact',
        recordId: max.id,
        change: 'changed',
        at: '2026-11-20T10:00:00.000Z',
        eventId: ulid(),
        fields: [{ field: 'phone', after: '+49 30 1234' }],
      },
      365,
    );
    await put(entry);

    expect((await mergeAccounts(survivor.id, survivor.id)).status).toBe(400);
    expect((await mergeAccounts(survivor.id, ulid())).status).toBe(404);
    // Asked several times at once: one merge.
    const accepted = await Promise.all([1, 2, 3].map(() => mergeAccounts(survivor.id, duplicate.id)));
    for (const answer of accepted) {
      expect(answer.status, answer.text).toBe(202);
      expect(answer.headers.location).toBe(`/accounts/${survivor.id}/merges/${duplicate.id}`);
      expect(answer.json).toMatchObject({ state: 'running', from: duplicate.id, into: survivor.id, run: 1 });
    }
    // Into a third one meanwhile: refused, the merge is the first.
    const third = await newAccount();
    expect((await mergeAccounts(third.id, duplicate.id)).status).toBe(409);
    // Nothing new lands under it, nor does it change or go; the survivor is not deleted meanwhile.
    const late = await call(createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: duplicate.id },
      body: { name: 'Late' },
    });
    expect(late.status, late.text).toBe(409);
    expect(late.json.error.message).toMatch(/is being merged into/);
    const patched = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: duplicate.id },
      body: { name: 'Renamed' },
    });
    expect(patched.status, patched.text).toBe(409);
    for (const id of [duplicate.id, survivor.id]) {
      const refused = await call(deleteAccount, 'DELETE', { resource: '/accounts/{id}', params: { id } });
      expect(refused.status, refused.text).toBe(409);
    }

    const done = await accountMergeToTheEnd(survivor.id, duplicate.id);
    expect(done).toMatchObject({
      state: 'done',
      moved: {
        contacts: 2,
        interactions: 3,
        deals: 1,
        orders: 0,
        tickets: 1,
        surveys: 1,
        tasks: 1,
        invoices: 1,
        charges: 0,
        history: 1,
      },
    });
    // The claim the deal was created with is listed under the survivor (where an erasure looks for it).
    const claims = async (accountId: string) =>
      (
        await documentClient.send(
          new QueryCommand({
            TableName: TABLE_NAME,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `CLAIMS#${accountPartition(accountId)}` },
          }),
        )
      ).Items ?? [];
    expect((await claims(survivor.id)).map((claim) => claim.gsi1sk)).toContain(`DEAL#${deal.json.id}`);
    expect(await claims(duplicate.id)).toEqual([]);
    // The merged account's partition keeps only the merge and the stubs of what moved; the account is gone.
    const left = await partition(duplicate.id);
    expect(left.filter((item) => item.type !== 'Moved').map((item) => item.sk)).toEqual(['MERGE']);
    for (const stub of left.filter((item) => item.type === 'Moved')) {
      expect(Object.keys(stub).sort()).toEqual(['expiresAt', 'mergeId', 'movedTo', 'pk', 'sk', 'type']);
    }
    const moved = await partition(survivor.id);
    const skOf = (prefix: string) => moved.filter((item) => String(item.sk).startsWith(prefix));
    expect(
      skOf('CONTACT#')
        .map((item) => item.id)
        .sort(),
    ).toEqual([kept.id, max.id, eva.id].sort());
    expect(
      skOf('INTERACTION#')
        .map((item) => item.id)
        .sort(),
    ).toEqual(logged.map((item) => item.id).sort());
    expect(skOf('SURVEY#')).toHaveLength(1);
    expect(skOf(`HISTORY#CONTACT#${max.id}#`)).toHaveLength(1);
    expect(await read(invoiceKey(survivor.id, invoiceId))).toMatchObject({ accountId: survivor.id });
    for (const item of moved)
      if (typeof item.accountId === 'string') expect(item.accountId).toBe(survivor.id);
    // What points at the moved records points at the survivor.
    for (const contact of [max, eva]) {
      expect(await read(emailClaimKey(contact.email))).toMatchObject({
        accountId: survivor.id,
        contactId: contact.id,
      });
    }
    expect(await read(domainClaimKey(domain))).toMatchObject({ accountId: survivor.id });
    expect(await read(taskKey(task.json.id))).toMatchObject({ links: { accountId: survivor.id } });
    expect(await read(mergedKey(duplicate.id))).toMatchObject({ entity: 'Account', mergedInto: survivor.id });
    // By their own ids, the moved records are found under the survivor.
    const byId = await call(getContactById, 'GET', { resource: '/contacts/{id}', params: { id: max.id } });
    expect(byId.json).toMatchObject({ accountId: survivor.id, email: max.email });
    const dealNow = await call(getDeal, 'GET', { resource: '/deals/{id}', params: { id: deal.json.id } });
    expect(dealNow.status, dealNow.text).toBe(200);
    expect(dealNow.json).toMatchObject({ accountId: survivor.id, version: deal.json.version + 1 });
    const ticketNow = await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id: ticket.id } });
    expect(ticketNow.json).toMatchObject({ accountId: survivor.id, contactId: max.id });
    const timeline = await call(listInteractions, 'GET', {
      resource: '/accounts/{id}/interactions',
      params: { id: survivor.id },
    });
    expect(timeline.json.items).toHaveLength(3);
    // The old id answers where it went; the merged account is listed nowhere.
    const old = await call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id: duplicate.id } });
    expect(old.status, old.text).toBe(301);
    expect(old.headers.location).toBe(`/accounts/${survivor.id}`);
    expect(old.json.error).toMatchObject({ code: 'MovedPermanently', mergedInto: survivor.id });
    const tagged = await call(listAccounts, 'GET', { resource: '/accounts', query: { tag } });
    expect(tagged.json.items).toEqual([]);
    const survivorNow = await call(getAccount, 'GET', {
      resource: '/accounts/{id}',
      params: { id: survivor.id },
    });
    expect(survivorNow.json.incomingMerges).toBe(0);
    // The survey's link still works: the answer lands with the survivor.
    const answered = await call(answerSurvey, 'POST', {
      resource: '/surveys/{token}',
      params: { token: token ?? '' },
      body: { score: 5 },
      sub: null,
    });
    expect(answered.status, answered.text).toBe(200);
    expect(skOf('SURVEY#')[0]?.sk).toBeDefined();
    expect(
      await read({ pk: accountPartition(survivor.id), sk: String(skOf('SURVEY#')[0]?.sk) }),
    ).toMatchObject({
      status: 'answered',
      score: 5,
    });
    // Asked again: the same merge, done; the survivor takes changes and can be deleted again.
    const retried = await mergeAccounts(survivor.id, duplicate.id);
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual(done);
    const renamed = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: survivor.id },
      body: { name: 'Berger Consulting GmbH & Co. KG' },
    });
    expect(renamed.status, renamed.text).toBe(200);
  });

  it('moves a big account in runs; a run cut short halfway is run again with exact counts', async () => {
    const survivor = await newAccount();
    const duplicate = await newAccount();
    const total = Math.floor(PER_BATCH / 2) * BATCHES_PER_RUN + 150;
    await manyInteractions(duplicate.id, total);
    expect((await mergeAccounts(survivor.id, duplicate.id)).status).toBe(202);

    const cut = new Error('cut short');
    await expect(
      continueAccountMerge(
        duplicate.id,
        1,
        () => new Date(),
        (batch) => {
          if (batch === 3) throw cut;
        },
      ),
    ).rejects.toBe(cut);
    const halfway = await accountMergeOf(survivor.id, duplicate.id);
    expect(halfway).toMatchObject({ state: 'running', run: 1, batches: 3 });
    // Each interaction is two writes (its stub and its new self), with the survivor's check: 49 a batch.
    expect(halfway.moved.interactions).toBe(3 * 49 - 1);

    const again = await Promise.all(
      [1, 2].map(() => continueAccountMerge(duplicate.id, 1, () => new Date())),
    );
    expect(again.map((run) => run.outcome).sort()).toEqual(['handed-over', 'not-this-run'].sort());
    expect(await accountMergeOf(survivor.id, duplicate.id)).toMatchObject({ run: 2, handOver: true });
    expect((await continueAccountMerge(duplicate.id, 1, () => new Date())).outcome).toBe('not-this-run');

    const done = await accountMergeToTheEnd(survivor.id, duplicate.id);
    expect(done.moved.interactions).toBe(total);
    const moved = await partition(survivor.id);
    expect(moved.filter((item) => item.type === 'Interaction')).toHaveLength(total);
    const left = await partition(duplicate.id);
    expect(left.filter((item) => item.type !== 'Moved').map((item) => item.sk)).toEqual(['MERGE']);
    expect(left.filter((item) => item.type === 'Moved')).toHaveLength(total);
  });
});

describe('POST /contacts/{id}/merge', () => {
  it('relinks what names the merged contact, takes its addresses and history, and its id answers where it went', async () => {
    const account = await newAccount();
    const anna = await newContact(account.id, { name: 'Anna Berger' });
    const annaToo = await newContact(account.id, { name: 'A. Berger', phone: '+49 30 1234', role: 'CFO' });
    const elsewhere = await newContact((await newAccount()).id);
    const own = await log(account.id, { contactId: anna.id });
    const named = await Promise.all([1, 2, 3].map(() => log(account.id, { contactId: annaToo.id })));
    const ticket = await newTicket(account.id, annaToo.id);
    const task = await call(createTask, 'POST', {
      resource: '/tasks',
      body: {
        title: 'Call back',
        dueAt: '2026-12-10T09:00:00Z',
        links: { accountId: account.id, contactId: annaToo.id },
      },
    });
    expect(task.status, task.text).toBe(201);
    await put(
      historyItem(
        contactKey(account.id, annaToo.id),
        {
          recordType: 'Contact',
          recordId: annaToo.id,
          change: 'changed',
          at: '2026-11-20T10:00:00.000Z',
          eventId: ulid(),
          fields: [{ field: 'role', after: 'CFO' }],
        },
        365,
      ),
    );

    expect((await mergeContacts(anna.id, anna.id)).status).toBe(400);
    expect((await mergeContacts(anna.id, ulid())).status).toBe(404);
    const across = await mergeContacts(anna.id, elsewhere.id);
    expect(across.status, across.text).toBe(409);
    expect(across.json.error.details).toEqual([
      { path: 'from', message: expect.stringMatching(/^Of account /) },
    ]);

    const accepted = await Promise.all([1, 2].map(() => mergeContacts(anna.id, annaToo.id)));
    for (const answer of accepted) {
      expect(answer.status, answer.text).toBe(202);
      expect(answer.headers.location).toBe(`/contacts/${anna.id}/merges/${annaToo.id}`);
    }
    // At once: the survivor has both addresses (mail from either finds it) and the fields it lacked.
    const found = (
      await call(findContacts, 'GET', { resource: '/contacts', query: { email: annaToo.email } })
    ).json.items[0];
    expect(found).toMatchObject({
      id: anna.id,
      otherEmails: [annaToo.email],
      phone: '+49 30 1234',
      role: 'CFO',
    });
    // Nothing new names the merged one, nor does it change.
    const late = await call(logInteraction, 'POST', {
      resource: '/accounts/{id}/interactions',
      params: { id: account.id },
      body: { channel: 'call', subject: 'Late', contactId: annaToo.id },
    });
    expect(late.status, late.text).toBe(409);
    expect(late.json.error.details).toEqual([
      { path: 'contactId', message: `Being merged into ${anna.id}.` },
    ]);
    const changed = await call(updateContact, 'PATCH', {
      resource: '/contacts/{id}',
      params: { id: annaToo.id },
      body: { name: 'Changed' },
    });
    expect(changed.status, changed.text).toBe(409);

    const done = await contactMergeToTheEnd(account.id, anna.id, annaToo.id);
    expect(done).toMatchObject({
      state: 'done',
      relinked: { interactions: 3, tickets: 1, tasks: 1, history: 1 },
    });
    const items = await partition(account.id);
    for (const interaction of items.filter((item) => item.type === 'Interaction')) {
      expect(interaction.contactId).toBe(anna.id);
    }
    expect(
      items
        .filter((item) => item.type === 'Interaction')
        .map((item) => item.id)
        .sort(),
    ).toEqual([own, ...named].map((item) => item.id).sort());
    expect(items.filter((item) => String(item.sk).startsWith(`HISTORY#CONTACT#${anna.id}#`))).toHaveLength(1);
    expect(items.filter((item) => String(item.sk).includes(annaToo.id)).map((item) => item.sk)).toEqual([
      `MERGE#CONTACT#${annaToo.id}`,
    ]);
    const ticketNow = await call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id: ticket.id } });
    expect(ticketNow.json.contactId).toBe(anna.id);
    expect(await read(taskKey(task.json.id))).toMatchObject({ links: { contactId: anna.id } });
    const old = await call(getContactById, 'GET', { resource: '/contacts/{id}', params: { id: annaToo.id } });
    expect(old.status, old.text).toBe(301);
    expect(old.headers.location).toBe(`/contacts/${anna.id}`);
    expect((await mergeContacts(anna.id, annaToo.id)).json).toEqual(done);

    // The survivor's removal frees both addresses.
    expect(
      (await call(deleteContact, 'DELETE', { resource: '/contacts/{id}', params: { id: anna.id } })).status,
    ).toBe(204);
    expect(await read(emailClaimKey(anna.email))).toBeUndefined();
    expect(await read(emailClaimKey(annaToo.email))).toBeUndefined();
    expect(await read(mergedKey(annaToo.id))).toMatchObject({ entity: 'Contact', mergedInto: anna.id });
  });

  it('relinks hundreds of records in batches; a run cut short is run again, nothing relinked twice or missed', async () => {
    const account = await newAccount();
    const into = await newContact(account.id);
    const from = await newContact(account.id);
    // 600 interactions, every other one naming the merged contact: the others stay as they are.
    await manyInteractions(account.id, 600, from.id, 2);
    expect((await mergeContacts(into.id, from.id)).status).toBe(202);
    const cut = new Error('cut short');
    await expect(
      continueContactMerge(
        account.id,
        from.id,
        1,
        () => new Date(),
        (batch) => {
          if (batch === 2) throw cut;
        },
      ),
    ).rejects.toBe(cut);
    expect((await contactMergeOf(into.id, from.id)).relinked.interactions).toBe(2 * PER_BATCH);
    const again = await Promise.all(
      [1, 2].map(() => continueContactMerge(account.id, from.id, 1, () => new Date())),
    );
    expect(again.map((run) => run.outcome)).toContain('done');
    const done = await contactMergeOf(into.id, from.id);
    expect(done).toMatchObject({ state: 'done', relinked: { interactions: 300 } });
    const items = (await partition(account.id)).filter((item) => item.type === 'Interaction');
    expect(items.filter((item) => item.contactId === into.id)).toHaveLength(300);
    expect(items.filter((item) => item.contactId === undefined)).toHaveLength(300);
    expect(await read(contactKey(account.id, from.id))).toBeUndefined();
  });
});

describe('merges and what races them', () => {
  it('keeps contact merges, account merges and removals of what they hold apart', async () => {
    const account = await newAccount();
    const survivor = await newContact(account.id);
    const merged = await newContact(account.id);
    expect((await mergeContacts(survivor.id, merged.id)).status).toBe(202);
    // While a contact merge runs: the survivor stays, its account is neither merged away nor deleted, and no
    // task names the merged contact.
    const removal = await call(deleteContact, 'DELETE', {
      resource: '/contacts/{id}',
      params: { id: survivor.id },
    });
    expect(removal.status, removal.text).toBe(409);
    const other = await newAccount();
    const accountMerge = await mergeAccounts(other.id, account.id);
    expect(accountMerge.status, accountMerge.text).toBe(409);
    expect(accountMerge.json.error.message).toMatch(/contact merges running/);
    const deletion = await call(deleteAccount, 'DELETE', {
      resource: '/accounts/{id}',
      params: { id: account.id },
    });
    expect(deletion.status, deletion.text).toBe(409);
    const task = await call(createTask, 'POST', {
      resource: '/tasks',
      body: {
        title: 'Late',
        dueAt: '2026-12-10T09:00:00Z',
        links: { accountId: account.id, contactId: merged.id },
      },
    });
    expect(task.status, task.text).toBe(409);
    expect(task.json.error.details).toEqual([
      { path: 'links.contactId', message: `Being merged into ${survivor.id}.` },
    ]);

    await contactMergeToTheEnd(account.id, survivor.id, merged.id);
    // Done: the counts are back to nothing, so all of it may happen now.
    expect((await mergeAccounts(other.id, account.id)).status).toBe(202);
    // Meanwhile the survivor of the account merge takes no contact merge (its records are on their way).
    const [x, y] = [await newContact(other.id), await newContact(other.id)];
    const refused = await mergeContacts(x.id, y.id);
    expect(refused.status, refused.text).toBe(409);
    await accountMergeToTheEnd(other.id, account.id);
    // The contact merge of the merged account is still answered, from the survivor.
    const again = await mergeContacts(survivor.id, merged.id);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ state: 'done', accountId: other.id });
    expect((await mergeContacts(x.id, y.id)).status).toBe(202);
  });
});
