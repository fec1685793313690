// Likely duplicates against DynamoDB Local: accounts by normalised name (accents, German spellings and legal
// forms folded away) and by their contacts' company domains; contacts by name (any word order), phone digits
// (any format) and mailbox. The keys follow each change (here the rule's work is called as the stream would);
// a rename or a removal takes a record out of its old matches.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as deleteContact } from '../../functions/accounts/handlers/delete-contact.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { handler as accountDuplicates } from '../../functions/lifecycle/handlers/get-account-duplicates.ts';
import { handler as contactDuplicates } from '../../functions/lifecycle/handlers/get-contact-duplicates.ts';
import { keepMatchKeys, putKeysOfNew } from '../../functions/lifecycle/match-store.ts';
import { call } from '../support/api.ts';
import { unique } from '../support/forms.ts';

async function newAccount(name: string) {
  const made = await call(createAccount, 'POST', { resource: '/accounts', body: { name } });
  expect(made.status, made.text).toBe(201);
  await keepMatchKeys('Account', made.json.id, made.json.id);
  return made.json as { id: string };
}
async function newContact(accountId: string, body: Record<string, unknown>) {
  const made = await call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body,
  });
  expect(made.status, made.text).toBe(201);
  await keepMatchKeys('Contact', made.json.id, accountId);
  return made.json as { id: string };
}
const ofAccount = async (id: string) =>
  call(accountDuplicates, 'GET', { resource: '/accounts/{id}/duplicates', params: { id } });
const ofContact = async (id: string) =>
  call(contactDuplicates, 'GET', { resource: '/contacts/{id}/duplicates', params: { id } });
const ids = (answer: { json: { items: { record: { id: string } }[] } }) =>
  answer.json.items.map((item) => item.record.id);

describe('GET /accounts/{id}/duplicates', () => {
  it('finds accounts of the same name however it is spelt, and by a shared company domain, best first', async () => {
    const word = `Wörthsee${unique().slice(-6)}`;
    const first = await newAccount(`${word} Müller Consulting GmbH`);
    const spelt = await newAccount(`${word.replace('ö', 'oe')} Mueller Consulting AG & Co. KG`);
    const other = await newAccount(`${word} Logistics`);
    const domain = `${unique()}-consulting.de`.toLowerCase();
    await newContact(first.id, { name: 'Max Müller', email: `max@${domain}` });
    await newContact(spelt.id, { name: 'Eva Berg', email: `eva@${domain}` });
    await newContact(other.id, { name: 'Ole Holm', email: `ole@${domain}` });

    const found = await ofAccount(first.id);
    expect(found.status, found.text).toBe(200);
    // Same name and domain first (3 + 2), then the domain alone.
    expect(found.json.items.map((item: { record: { id: string } }) => item.record.id)).toEqual([
      spelt.id,
      other.id,
    ]);
    expect(found.json.items[0]).toMatchObject({ score: 5, matchedOn: ['domain', 'name'] });
    expect(found.json.items[1]).toMatchObject({ score: 2, matchedOn: ['domain'] });

    // Renamed: no longer a match by name.
    const renamed = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: spelt.id },
      body: { name: `${word} Shipping` },
    });
    expect(renamed.status, renamed.text).toBe(200);
    await keepMatchKeys('Account', spelt.id, spelt.id);
    const after = await ofAccount(first.id);
    expect(
      after.json.items.find((item: { record: { id: string } }) => item.record.id === spelt.id),
    ).toMatchObject({ matchedOn: ['domain'] });
    expect((await ofAccount('01M8186VRT2KVDKMYPKMTM0000')).status).toBe(404);
  });
});

describe('GET /contacts/{id}/duplicates', () => {
  it('finds a person by name in any word order, by phone in any format and by mailbox, in any account', async () => {
    const surname = `Bérger${unique().slice(-5)}`;
    const digits = String(Date.now()).slice(-7);
    const a = await newAccount(`Contacts A ${unique()}`);
    const b = await newAccount(`Contacts B ${unique()}`);
    const anna = await newContact(a.id, {
      name: `Anna ${surname}`,
      phone: `+49 30 ${digits}`,
      email: `anna.${surname.toLowerCase()}@example.com`.normalize('NFKD').replace(/\p{M}/gu, ''),
    });
    const same = await newContact(b.id, {
      name: `${surname.replace('é', 'e')}, Anna`,
      phone: `030/${digits}`,
    });
    const mailbox = await newContact(b.id, {
      name: 'A. B.',
      email: `anna${surname.toLowerCase()}@example.org`.normalize('NFKD').replace(/\p{M}/gu, ''),
    });
    await newContact(b.id, { name: 'Someone Else', phone: '+49 89 5550000' });

    const found = await ofContact(anna.id);
    expect(found.status, found.text).toBe(200);
    expect(ids(found)).toEqual([same.id, mailbox.id]);
    expect(found.json.items[0]).toMatchObject({ score: 5, matchedOn: ['name', 'phone'] });
    expect(found.json.items[1]).toMatchObject({ score: 2, matchedOn: ['mailbox'] });

    // Removed: its keys go with it.
    expect(
      (await call(deleteContact, 'DELETE', { resource: '/contacts/{id}', params: { id: same.id } })).status,
    ).toBe(204);
    await keepMatchKeys('Contact', same.id, b.id);
    expect(ids(await ofContact(anna.id))).toEqual([mailbox.id]);
    expect((await ofContact('01M8186VRT2KVDKMYPKMTM0000')).status).toBe(404);
  });
});

describe('match keys of a record just made', () => {
  it('are put in one write while it is as announced, and refused once it changed (then read the long way)', async () => {
    const name = `Newcomer ${unique()} Trading`;
    const first = await newAccount(name);
    const made = await call(createAccount, 'POST', { resource: '/accounts', body: { name } });
    expect(made.status, made.text).toBe(201);
    expect(await putKeysOfNew('Account', { ...made.json, accountId: made.json.id })).toEqual({ put: 1 });
    expect(ids(await ofAccount(first.id))).toEqual([made.json.id]);
    const renamed = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: made.json.id },
      body: { name: `Someone ${unique()} Else` },
    });
    expect(renamed.status, renamed.text).toBe(200);
    // Its creation announced late: no longer as it is, so nothing is put from it.
    expect(await putKeysOfNew('Account', { ...made.json, accountId: made.json.id })).toBeUndefined();
    await keepMatchKeys('Account', made.json.id, made.json.id);
    expect(ids(await ofAccount(first.id))).toEqual([]);
  });
});
