// Editing a contact against DynamoDB Local (PATCH /contacts/{id}): fields set and removed with the version and
// ETag moving on; a new e-mail address moves its uniqueness claim in the contact's own transaction — the old
// address is free again, the new one finds the contact, an address another contact has is a 409 naming it —
// and of changes racing to one address one wins and the others get 409, with no claim left behind; a stale
// If-Match is a 412; bad input a 400 naming the field; nothing written by a refused change.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { emailClaimKey } from '../../functions/accounts/entity.ts';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as findContacts } from '../../functions/accounts/handlers/find-contacts.ts';
import { handler as getContactById } from '../../functions/accounts/handlers/get-contact-by-id.ts';
import { handler as updateContact } from '../../functions/accounts/handlers/update-contact.ts';
import { processLead } from '../../functions/forms/automations.ts';
import { getSubmission } from '../../functions/forms/form-store.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call } from '../support/api.ts';
import { submitForm } from '../support/form-events.ts';
import { defineForm, LEAD_FORM } from '../support/forms.ts';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: `Edits ${unique()}` } })).json
    .id as string;
async function contact(accountId: string, body: Record<string, unknown>) {
  const made = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body: { name: 'Jane Doe', ...body },
  });
  expect(made.status, made.text).toBe(201);
  return made.json as { id: string; email?: string; version: number };
}
const patch = (id: string, body: unknown, ifMatch?: number) =>
  call(updateContact, 'PATCH', {
    resource: '/contacts/{id}',
    params: { id },
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
  });
const read = (id: string) => call(getContactById, 'GET', { resource: '/contacts/{id}', params: { id } });
const byEmail = async (email: string) =>
  (await call(findContacts, 'GET', { resource: '/contacts', query: { email } })).json.items as {
    id: string;
  }[];
const claimOf = async (email: string) =>
  (
    await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: emailClaimKey(email), ConsistentRead: true }),
    )
  ).Item;

describe('PATCH /contacts/{id}', () => {
  it('changes and removes fields, the version and ETag moving on, and reads back by id', async () => {
    const accountId = await newAccount();
    const jane = await contact(accountId, { phone: '+49 30 1234', role: 'CFO' });
    const changed = await patch(jane.id, { name: 'Jane Roe', phone: null, decisionMaker: true });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json).toMatchObject({
      id: jane.id,
      accountId,
      name: 'Jane Roe',
      role: 'CFO',
      decisionMaker: true,
    });
    expect(changed.json).not.toHaveProperty('phone');
    const again = await read(jane.id);
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe('"2"');
    expect(again.json).toEqual(changed.json);
    expect((await read('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await patch('01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'Nobody' })).status).toBe(404);
  });

  it('moves the e-mail claim with the address: the old one free, the new one finds the contact', async () => {
    const accountId = await newAccount();
    const [old, fixed] = [`jane.${unique()}@exmaple.test`, `jane.${unique()}@example.test`];
    const jane = await contact(accountId, { email: old });
    const moved = await patch(jane.id, { email: `  ${fixed.toUpperCase()} ` });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.email).toBe(fixed);
    expect(await byEmail(old)).toEqual([]);
    expect((await byEmail(fixed)).map((found) => found.id)).toEqual([jane.id]);
    expect(await claimOf(old)).toBeUndefined();
    expect(await claimOf(fixed)).toMatchObject({ contactId: jane.id, accountId });
    // The typo is anybody's again.
    await contact(accountId, { name: 'Someone else', email: old });
    // Removing the address frees it too.
    const removed = await patch(jane.id, { email: null });
    expect(removed.status).toBe(200);
    expect(removed.json).not.toHaveProperty('email');
    expect(await claimOf(fixed)).toBeUndefined();
  });

  it("refuses another contact's address with 409 naming it, and writes nothing", async () => {
    const accountId = await newAccount();
    const taken = `max.${unique()}@example.test`;
    const max = await contact(accountId, { name: 'Max', email: taken });
    const jane = await contact(accountId, { email: `jane.${unique()}@example.test` });
    const refused = await patch(jane.id, { email: taken, name: 'Jane Max' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toEqual([
      { path: 'email', message: `Already used by contact ${max.id}.` },
    ]);
    const unchanged = await read(jane.id);
    expect(unchanged.json).toMatchObject({ name: 'Jane Doe', email: jane.email, version: 1 });
    expect(await claimOf(taken)).toMatchObject({ contactId: max.id });
    expect(await claimOf(jane.email ?? '')).toMatchObject({ contactId: jane.id });
  });

  it('lets one of several contacts racing to one address have it; the others get 409 and keep theirs', async () => {
    const accountId = await newAccount();
    for (const racers of [2, 5]) {
      const target = `shared.${unique()}@example.test`;
      const people = await Promise.all(
        Array.from({ length: racers }, (_, n) =>
          contact(accountId, { name: `P${n}`, email: `p${n}.${unique()}@example.test` }),
        ),
      );
      const answers = await Promise.all(people.map((person) => patch(person.id, { email: target })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(racers - 1).fill(409)]);
      const winner = people[answers.findIndex((answer) => answer.status === 200)];
      expect(await claimOf(target)).toMatchObject({ contactId: winner?.id });
      for (const person of people) {
        if (person === winner) {
          expect(await claimOf(person.email ?? '')).toBeUndefined();
        } else {
          expect(await claimOf(person.email ?? '')).toMatchObject({ contactId: person.id });
          expect((await read(person.id)).json).toMatchObject({ email: person.email, version: 1 });
        }
      }
    }
  });

  it('keeps exactly the last address when changes to one contact race, and no claim behind', async () => {
    const accountId = await newAccount();
    const jane = await contact(accountId, { email: `jane.${unique()}@example.test` });
    const addresses = Array.from({ length: 4 }, (_, n) => `jane${n}.${unique()}@example.test`);
    const answers = await Promise.all(addresses.map((email) => patch(jane.id, { email })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const now = (await read(jane.id)).json;
    expect(now.version).toBe(1 + addresses.length);
    for (const email of [jane.email ?? '', ...addresses]) {
      const claim = await claimOf(email);
      if (email === now.email) expect(claim).toMatchObject({ contactId: jane.id });
      else expect(claim, email).toBeUndefined();
    }
  });

  it('honours If-Match (stale → 412, nothing written) and names bad fields with 400', async () => {
    const accountId = await newAccount();
    const jane = await contact(accountId, {});
    expect((await patch(jane.id, { role: 'CEO' }, 1)).status).toBe(200);
    const stale = await patch(jane.id, { role: 'CTO' }, 1);
    expect(stale.status).toBe(412);
    expect((await read(jane.id)).json).toMatchObject({ role: 'CEO', version: 2 });
    const cases: [unknown, string][] = [
      [{}, 'body'],
      [{ email: 'not an address' }, 'email'],
      [{ phone: 'call me' }, 'phone'],
      [{ name: '' }, 'name'],
      [{ accountId }, 'accountId'],
    ];
    for (const [body, path] of cases) {
      const bad = await patch(jane.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      // An unknown field alone is also nothing to change (`body`).
      expect(bad.json.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    expect((await read(jane.id)).json.version).toBe(2);
  });

  it("keeps a processed lead's records when its contact's address changes and the lead is delivered again", async () => {
    const form = await defineForm(LEAD_FORM);
    const address = `lea.${unique()}@gmail.com`;
    const submission = await submitForm(form.id, { name: 'Lea', email: address });
    const deliver = () => processLead(submission, new Date());
    const first = await deliver();
    const moved = await patch(first.contactId ?? '', { email: `lea.${unique()}@example.test` });
    expect(moved.status, moved.text).toBe(200);
    // Delivered again: what it made stays what it made.
    expect(await deliver()).toEqual(first);
    // Even once the old address is someone else's.
    const dora = await contact(await newAccount(), { name: 'Dora', email: address });
    expect(await deliver()).toEqual(first);
    expect((await getSubmission(form.id, submission.id))?.produced).toEqual(first);
    expect((await byEmail(address)).map((found) => found.id)).toEqual([dora.id]);
  });
});
