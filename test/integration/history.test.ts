// History against DynamoDB Local: each change announced becomes one entry under the record — when, who, each
// field before → after — read newest first, a page at a time; a redelivered event writes nothing more; an
// event about a record that is gone (or under an account being deleted) leaves nothing behind.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountPartition } from '../../functions/accounts/entity.ts';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as deleteContact } from '../../functions/accounts/handlers/delete-contact.ts';
import { handler as getAccountHistory } from '../../functions/accounts/handlers/get-account-history.ts';
import { handler as getContactHistory } from '../../functions/accounts/handlers/get-contact-history.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { handler as updateContact } from '../../functions/accounts/handlers/update-contact.ts';
import { eventId } from '../../functions/events/events.ts';
import { handler as deleteAccount } from '../../functions/lifecycle/handlers/delete-account.ts';
import { purgeHistory, recordHistory } from '../../functions/lifecycle/history.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call } from '../support/api.ts';
import { unique } from '../support/forms.ts';

type Described = Record<string, unknown> & { id: string };
const changed = (entity: string, previous: Described | undefined, data: Described, actor = 'olga') => ({
  eventId: eventId(`${entity}Changed`, entity, String(data.id), Number(data.version)),
  entity,
  occurredAt: String(data.updatedAt ?? data.createdAt),
  actor,
  data,
  ...(previous === undefined ? {} : { previous }),
});
const historyItems = async (accountId: string) =>
  (
    await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':history': 'HISTORY#' },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('history', () => {
  it('keeps each change of an account, newest first, field by field, once per event', async () => {
    const made = await call(createAccount, 'POST', {
      resource: '/accounts',
      body: { name: `History ${unique()}`, tags: ['a'] },
    });
    const v1 = made.json as Described;
    const renamed = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: v1.id },
      body: { name: 'Renamed GmbH', leadScore: 40 },
    });
    const v2 = renamed.json as Described;
    const staged = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: v1.id },
      body: { lifecycleStage: 'prospect', leadScore: null },
    });
    const v3 = staged.json as Described;
    expect(await recordHistory(changed('Account', undefined, v1))).toBe('recorded');
    expect(await recordHistory(changed('Account', v1, v2))).toBe('recorded');
    expect(await recordHistory(changed('Account', v2, v3, 'system:activate-won-account'))).toBe('recorded');
    // Redelivered: nothing more.
    expect(await recordHistory(changed('Account', v1, v2))).toBe('again');
    // Only bookkeeping moved: nothing to keep.
    expect(await recordHistory(changed('Account', v3, { ...v3, version: 9 }))).toBe('nothing');
    // Nor does lastContactAt moving on alone (every interaction moves it; the timeline is its history).
    const touched = { ...v3, lastContactAt: '2026-11-01T00:00:00.000Z', version: 4 };
    expect(await recordHistory(changed('Account', v3, touched))).toBe('nothing');

    const page = await call(getAccountHistory, 'GET', {
      resource: '/accounts/{id}/history',
      params: { id: v1.id },
      query: { limit: '2' },
    });
    expect(page.status, page.text).toBe(200);
    expect(page.json.items).toEqual([
      expect.objectContaining({
        recordType: 'Account',
        recordId: v1.id,
        change: 'changed',
        actor: 'system:activate-won-account',
        version: 3,
        fields: [
          { field: 'leadScore', before: 40 },
          { field: 'lifecycleStage', before: 'lead', after: 'prospect' },
        ],
      }),
      expect.objectContaining({
        change: 'changed',
        actor: 'olga',
        version: 2,
        fields: [
          { field: 'leadScore', after: 40 },
          { field: 'name', before: v1.name, after: 'Renamed GmbH' },
        ],
      }),
    ]);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    const rest = await call(getAccountHistory, 'GET', {
      resource: '/accounts/{id}/history',
      params: { id: v1.id },
      query: { limit: '2', cursor: page.json.nextCursor },
    });
    expect(rest.json.items).toHaveLength(1);
    expect(rest.json.items[0]).toMatchObject({ change: 'created', version: 1 });
    expect(rest.json.items[0].fields).toContainEqual({ field: 'name', after: v1.name });
    // The entries expire after the retention (365 days by default).
    const [item] = await historyItems(v1.id);
    expect(Number(item?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + 300 * 86_400);
  });

  it("keeps a contact's under its own key, apart from its account's; a cursor of another record is a 400", async () => {
    const account = (
      await call(createAccount, 'POST', { resource: '/accounts', body: { name: `H ${unique()}` } })
    ).json as Described;
    const v1 = (
      await call(createContact, 'POST', {
        resource: '/accounts/{id}/contacts',
        params: { id: account.id },
        body: { name: 'Max Muster', email: `max.${unique()}@example.com` },
      })
    ).json as Described;
    const v2 = (
      await call(updateContact, 'PATCH', {
        resource: '/contacts/{id}',
        params: { id: v1.id },
        body: { role: 'CFO' },
      })
    ).json as Described;
    expect(await recordHistory(changed('Contact', v1, v2))).toBe('recorded');
    expect(await recordHistory(changed('Account', undefined, account))).toBe('recorded');
    const contactPage = await call(getContactHistory, 'GET', {
      resource: '/contacts/{id}/history',
      params: { id: v1.id },
    });
    expect(contactPage.json.items.map((entry: { fields: unknown }) => entry.fields)).toEqual([
      [{ field: 'role', after: 'CFO' }],
    ]);
    const accountPage = await call(getAccountHistory, 'GET', {
      resource: '/accounts/{id}/history',
      params: { id: account.id },
      query: { limit: '1' },
    });
    expect(accountPage.json.items).toHaveLength(1);
    const foreign = Buffer.from(
      JSON.stringify({ pk: accountPartition(account.id), sk: `HISTORY#CONTACT#${v1.id}#x` }),
    ).toString('base64url');
    const refused = await call(getAccountHistory, 'GET', {
      resource: '/accounts/{id}/history',
      params: { id: account.id },
      query: { cursor: foreign },
    });
    expect(refused.status).toBe(400);
  });

  it('leaves nothing for a record that is gone, nor under an account being deleted', async () => {
    const account = (
      await call(createAccount, 'POST', { resource: '/accounts', body: { name: `H ${unique()}` } })
    ).json as Described;
    const ghost = { ...account, id: '01JD0000000000000000000000' };
    expect(await recordHistory(changed('Account', undefined, ghost))).toBe('gone');
    const deleting = await call(deleteAccount, 'DELETE', {
      resource: '/accounts/{id}',
      params: { id: account.id },
    });
    expect(deleting.status).toBe(202);
    expect(await recordHistory(changed('Account', undefined, account))).toBe('gone');
    expect(await historyItems(account.id)).toEqual([]);
  });

  it("removes a contact's history with the contact (ContactDeleted), and nothing of its account's", async () => {
    const account = (
      await call(createAccount, 'POST', { resource: '/accounts', body: { name: `H ${unique()}` } })
    ).json as Described;
    const v1 = (
      await call(createContact, 'POST', {
        resource: '/accounts/{id}/contacts',
        params: { id: account.id },
        body: { name: 'Eva Erase', email: `eva.${unique()}@example.com`, phone: '+49 30 1234' },
      })
    ).json as Described;
    expect(await recordHistory(changed('Contact', undefined, v1))).toBe('recorded');
    expect(await recordHistory(changed('Account', undefined, account))).toBe('recorded');
    expect(
      (await call(deleteContact, 'DELETE', { resource: '/contacts/{id}', params: { id: v1.id } })).status,
    ).toBe(204);
    expect(await purgeHistory('Contact', v1)).toBe(1);
    expect(await purgeHistory('Contact', v1)).toBe(0);
    const left = await historyItems(account.id);
    expect(left.map((item) => item.recordType)).toEqual(['Account']);
    expect(JSON.stringify(left)).not.toContain('Eva Erase');
  });
});
