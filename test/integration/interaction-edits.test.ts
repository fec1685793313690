// Editing an interaction against DynamoDB Local (PATCH /accounts/{id}/interactions/{interactionId}): what it
// says and who it was with change on the version read (ETag, If-Match → 412), a contact named must be the
// account's (400 naming contactId), what the reports counted (when, category, direction, duration, ticket)
// stays as logged (400 naming the field), and nothing is written by a refused change.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as createContact } from '../../functions/accounts/handlers/create-contact.ts';
import { handler as getInteraction } from '../../functions/accounts/handlers/get-interaction.ts';
import { handler as logInteraction } from '../../functions/accounts/handlers/log-interaction.ts';
import { handler as updateInteraction } from '../../functions/accounts/handlers/update-interaction.ts';
import { call } from '../support/api.ts';

const newAccount = async () =>
  (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Timeline Co' } })).json
    .id as string;
const newContact = async (accountId: string) =>
  (
    await call(createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
      body: { name: 'Max' },
    })
  ).json.id as string;
const params = (id: string, interactionId: string) => ({ id, interactionId });
const patch = (id: string, interactionId: string, body: unknown, ifMatch?: number) =>
  call(updateInteraction, 'PATCH', {
    resource: '/accounts/{id}/interactions/{interactionId}',
    params: params(id, interactionId),
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
  });
const read = async (id: string, interactionId: string) =>
  (
    await call(getInteraction, 'GET', {
      resource: '/accounts/{id}/interactions/{interactionId}',
      params: params(id, interactionId),
    })
  ).json;

describe('PATCH an interaction', () => {
  it('changes what it says and who it was with, on the version read, and keeps what was counted', async () => {
    const accountId = await newAccount();
    const contactId = await newContact(accountId);
    const logged = (
      await call(logInteraction, 'POST', {
        resource: '/accounts/{id}/interactions',
        params: { id: accountId },
        body: {
          channel: 'call',
          subject: 'Kick-of',
          body: 'Notes',
          category: 'service',
          durationSeconds: 300,
          occurredAt: '2026-11-30T10:00:00Z',
        },
      })
    ).json;
    const fixed = await patch(accountId, logged.id, { subject: 'Kick-off', body: null, contactId }, 1);
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.headers.etag).toBe('"2"');
    expect(fixed.json).toMatchObject({
      id: logged.id,
      subject: 'Kick-off',
      contactId,
      category: 'service',
      durationSeconds: 300,
      occurredAt: '2026-11-30T10:00:00.000Z',
      version: 2,
    });
    expect(fixed.json).not.toHaveProperty('body');
    expect(await read(accountId, logged.id)).toEqual(fixed.json);

    // Stale → 412; a contact of another account → 400 naming it; the counted fields → 400 naming each.
    expect((await patch(accountId, logged.id, { subject: 'Lost' }, 1)).status).toBe(412);
    const elsewhere = await newContact(await newAccount());
    const foreign = await patch(accountId, logged.id, { contactId: elsewhere });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.details).toEqual([
      { path: 'contactId', message: expect.stringContaining(elsewhere) },
    ]);
    for (const field of ['occurredAt', 'category', 'direction', 'durationSeconds', 'ticketId']) {
      const value = field === 'durationSeconds' ? 60 : field === 'occurredAt' ? '2026-11-29T10:00:00Z' : 'x';
      const refused = await patch(accountId, logged.id, { subject: 'Again', [field]: value });
      expect(refused.status, field).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    }
    // An agent must be an active member, as when it is logged.
    const stranger = await patch(accountId, logged.id, { agentId: 'nobody-at-all' });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['agentId']);
    expect(await read(accountId, logged.id)).toEqual(fixed.json);
    expect((await patch(accountId, '01ARZ3NDEKTSV4RRFFQ69G5FAV', { subject: 'Nobody' })).status).toBe(404);
  });

  it('loses no change when edits race', async () => {
    const accountId = await newAccount();
    const logged = (
      await call(logInteraction, 'POST', {
        resource: '/accounts/{id}/interactions',
        params: { id: accountId },
        body: { channel: 'note', subject: 'Draft' },
      })
    ).json;
    const answers = await Promise.all([
      patch(accountId, logged.id, { subject: 'Final' }),
      patch(accountId, logged.id, { body: 'The whole story' }),
      patch(accountId, logged.id, { channel: 'meeting' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await read(accountId, logged.id)).toMatchObject({
      subject: 'Final',
      body: 'The whole story',
      channel: 'meeting',
      version: 4,
    });
  });
});
