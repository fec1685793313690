// Contacts and interactions against DynamoDB Local: e-mail uniqueness under a race, lookup by e-mail,
// the timeline newest first with pagination, and lastContactAt moving forward only.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as findContacts } from '../../functions/accounts/handlers/find-contacts.ts';
import { handler as getAccount } from '../../functions/accounts/handlers/get-account.ts';
import { handler as getContact } from '../../functions/accounts/handlers/get-contact.ts';
import { handler as getInteraction } from '../../functions/accounts/handlers/get-interaction.ts';
import { handler as listContacts } from '../../functions/accounts/handlers/list-account-contacts.ts';
import { handler as listInteractions } from '../../functions/accounts/handlers/list-interactions.ts';
import { handler as logInteraction } from '../../functions/accounts/handlers/log-interaction.ts';
import { recordLastContact } from '../../functions/accounts/interaction-store.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call } from '../support/api.ts';

const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Contacts Co' } })).json
    .id as string;
const addContact = (accountId: string, body: unknown, headers: Record<string, string> = {}) =>
  call(createContact, 'POST', {
    resource: '/accounts/{id}/contacts',
    params: { id: accountId },
    body,
    headers,
  });
const log = (accountId: string, body: unknown) =>
  call(logInteraction, 'POST', { resource: '/accounts/{id}/interactions', params: { id: accountId }, body });
const timeline = (accountId: string, query: Record<string, string> = {}) =>
  call(listInteractions, 'GET', {
    resource: '/accounts/{id}/interactions',
    params: { id: accountId },
    query,
  });
const unique = () => `${Date.now()}.${Math.random().toString(36).slice(2)}`;

describe('contacts', () => {
  it('normalises the e-mail and finds the contact by it', async () => {
    const accountId = await newAccount();
    const email = `Jane.${unique()}@Example.COM`;
    const created = await addContact(accountId, { name: 'Jane', email: `  ${email} `, decisionMaker: true });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      accountId,
      email: email.toLowerCase(),
      decisionMaker: true,
      version: 1,
    });
    expect(created.headers.location).toBe(`/accounts/${accountId}/contacts/${created.json.id}`);
    const read = (id: string) =>
      call(getContact, 'GET', {
        resource: '/accounts/{id}/contacts/{contactId}',
        params: { id, contactId: created.json.id },
      });
    expect((await read(accountId)).json).toEqual(created.json);
    expect((await read(await newAccount())).status).toBe(404);
    const found = await call(findContacts, 'GET', {
      resource: '/contacts',
      query: { email: email.toUpperCase() },
    });
    expect(found.json.items).toEqual([created.json]);
    const listed = await call(listContacts, 'GET', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
    });
    expect(listed.json.items).toEqual([created.json]);
    const none = await call(findContacts, 'GET', {
      resource: '/contacts',
      query: { email: `nobody.${unique()}@example.com` },
    });
    expect(none.json.items).toEqual([]);
  });

  it('lets exactly one of 10 concurrent creates with the same e-mail through; the rest name it', async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, newAccount));
    const email = `race.${unique()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        addContact(accounts[index % 3] as string, {
          name: `Racer ${index}`,
          email: index % 2 ? email.toUpperCase() : email,
        }),
      ),
    );
    const winners = results.filter((result) => result.status === 201);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.json;
    for (const loser of results.filter((result) => result.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.json.error.details[0]).toMatchObject({ path: 'email' });
      expect(loser.json.error.message).toContain(winner.id);
    }
    const listed = await Promise.all(
      accounts.map((id) =>
        call(listContacts, 'GET', { resource: '/accounts/{id}/contacts', params: { id } }),
      ),
    );
    expect(listed.flatMap((page) => page.json.items)).toHaveLength(1);
  });

  it('404s an unknown account and writes no e-mail claim', async () => {
    const email = `ghost.${unique()}@example.com`;
    const response = await addContact('01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'Ghost', email });
    expect(response.status).toBe(404);
    const claim = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { pk: `EMAIL#${email}`, sk: 'EMAIL' } }),
    );
    expect(claim.Item).toBeUndefined();
  });

  it('rejects a bad e-mail naming the field', async () => {
    const response = await addContact(await newAccount(), { name: 'Bad', email: 'not-an-email' });
    expect(response.status).toBe(400);
    expect(response.json.error.details[0].path).toBe('email');
  });
});

describe('interactions', () => {
  it('lists the timeline newest first (by occurredAt), paginated', async () => {
    const accountId = await newAccount();
    const times = [
      '2026-03-01T10:00:00Z',
      '2026-01-15T09:00:00Z',
      '2026-06-30T23:59:59.999Z',
      '2025-12-31T00:00:00Z',
      '2026-02-01T12:00:00+02:00',
    ];
    for (const [index, occurredAt] of times.entries()) {
      const logged = await log(accountId, {
        channel: 'call',
        subject: `Call ${index}`,
        occurredAt,
        durationSeconds: 60,
      });
      expect(logged.status).toBe(201);
      expect(logged.json.occurredAt).toBe(new Date(occurredAt).toISOString());
      const read = await call(getInteraction, 'GET', {
        resource: '/accounts/{id}/interactions/{interactionId}',
        params: { id: accountId, interactionId: logged.json.id },
      });
      expect(read.json).toEqual(logged.json);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await timeline(accountId, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((item: { occurredAt: string }) => item.occurredAt));
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(
      times
        .map((time) => new Date(time).toISOString())
        .sort()
        .reverse(),
    );
  });

  it('404s an unknown account, an unknown contact, and a timeline of an unknown account', async () => {
    expect((await log('01ARZ3NDEKTSV4RRFFQ69G5FAV', { channel: 'note', subject: 'x' })).status).toBe(404);
    const accountId = await newAccount();
    const withGhost = await log(accountId, {
      channel: 'note',
      subject: 'x',
      contactId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    expect(withGhost.status).toBe(404);
    expect((await timeline(accountId)).json.items).toEqual([]);
    expect((await timeline('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('names every bad field', async () => {
    const response = await log(await newAccount(), {
      channel: 'fax',
      direction: 'sideways',
      durationSeconds: -1,
    });
    expect(response.status).toBe(400);
    const paths = response.json.error.details.map((detail: { path: string }) => detail.path).sort();
    expect(paths).toEqual(['channel', 'direction', 'durationSeconds', 'subject']);
  });

  it('moves lastContactAt forward only, whatever order interactions arrive in', async () => {
    const accountId = await newAccount();
    expect(await recordLastContact(accountId, '2026-05-01T00:00:00.000Z', new Date())).toBe(true);
    expect(await recordLastContact(accountId, '2026-04-01T00:00:00.000Z', new Date())).toBe(false);
    expect(await recordLastContact(accountId, '2026-05-01T00:00:00.000Z', new Date())).toBe(false);
    const account = await call(getAccount, 'GET', { resource: '/accounts/{id}', params: { id: accountId } });
    expect(account.json).toMatchObject({ lastContactAt: '2026-05-01T00:00:00.000Z', version: 2 });
    expect(
      await recordLastContact('01ARZ3NDEKTSV4RRFFQ69G5FAV', '2026-05-01T00:00:00.000Z', new Date()),
    ).toBe(false);
  });
});
