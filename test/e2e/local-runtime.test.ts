// End to end: boots `npm start`'s runtime as a child process on free ports, drives the API over HTTP,
// watches events arrive on the local bus from the table's stream, stops it with SIGTERM (DynamoDB Local
// must go too) and starts it again on the same data.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/app/routes.ts';
import { apiClient } from '../support/http.ts';
import { boot as bootIn, eventually, type Running, stop } from '../support/runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-e2e-'));

const portOpen = (endpoint: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(endpoint);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const readEvents = () =>
  existsSync(join(dataDir, 'events.jsonl'))
    ? readFileSync(join(dataDir, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { id: string; eventId: string } })
    : [];

const boot = () => bootIn(dataDir);

let running: Running;
let token: string;

const api = apiClient(() => ({ url: running.url, token }));

beforeAll(async () => {
  running = await boot();
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
}, 120_000);

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints where it listens, the dev token and where the data lives', () => {
    expect(running.output()).toContain(running.url);
    expect(running.output()).toContain(token);
    expect(running.output()).toContain(dataDir);
  });

  it('answers /health and /openapi.json without a token', async () => {
    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const openapi = await fetch(`${running.url}/openapi.json`);
    const document = (await openapi.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES)
      expect(document.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
  });

  it('refuses a missing or forged token with 401 in the API error shape, and 404s unknown routes', async () => {
    const missing = await fetch(`${running.url}/accounts`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
    const forged = await fetch(`${running.url}/accounts`, {
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${running.url}/nowhere`)).status).toBe(404);
  });

  it('answers a method a path does not serve with 405 naming those it does', async () => {
    const put = await api('PUT', '/accounts', {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET');
    expect(put.json.error.code).toBe('MethodNotAllowed');
    const post = await api('POST', '/contacts/01JD0000000000000000000000');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });

  it("keeps an account's history from the stream: each change, who made it, each field before → after", async () => {
    const account = await api('POST', '/accounts', { name: 'Before GmbH' });
    const id = account.json.id as string;
    expect((await api('PATCH', `/accounts/${id}`, { name: 'After GmbH', leadScore: 55 })).status).toBe(200);
    const history = await eventually(async () => {
      const page = await api('GET', `/accounts/${id}/history`);
      return page.json.items?.length >= 2 ? page.json.items : undefined;
    }, 'the history entries');
    expect(history[0]).toMatchObject({
      change: 'changed',
      version: 2,
      fields: [
        { field: 'leadScore', after: 55 },
        { field: 'name', before: 'Before GmbH', after: 'After GmbH' },
      ],
    });
    expect(history[0].actor).toEqual(expect.any(String));
    expect(history.at(-1)).toMatchObject({ change: 'created', version: 1 });
  });

  it('finds a new contact as you type within seconds, and not once it is deleted', async () => {
    const word = `Quendolin${Date.now().toString(36).replace(/\d/g, '')}`;
    const account = await api('POST', '/accounts', { name: `${word} Handel` });
    const contact = await api('POST', `/accounts/${account.json.id}/contacts`, {
      name: 'Jörg Übelacker',
      phone: '+49 89 5551234',
    });
    expect(contact.status).toBe(201);
    const hits = await eventually(async () => {
      const page = await api('GET', `/search?q=${encodeURIComponent('uebelack')}`);
      return page.json.items?.length > 0 ? page.json.items : undefined;
    }, 'the contact in search');
    expect(hits[0]).toMatchObject({ type: 'contact', id: contact.json.id, accountName: `${word} Handel` });
    const byPhone = await api('GET', `/search?q=${encodeURIComponent('089 555 12')}`);
    expect(byPhone.json.items.map((hit: { id: string }) => hit.id)).toContain(contact.json.id);
    expect((await api('DELETE', `/contacts/${contact.json.id}`)).status).toBe(204);
    await eventually(async () => {
      const page = await api('GET', `/search?q=${encodeURIComponent('übelacker')}`);
      return page.json.items?.length === 0 ? true : undefined;
    }, 'the contact gone from search');
    // A deal's stage moved (its own event, DealStageChanged) with its title: found by the new title and stage.
    const deal = await api('POST', '/deals', {
      accountId: account.json.id,
      title: `${word} Rahmen`,
      amount: 1000,
      currency: 'EUR',
    });
    expect(deal.status, deal.text).toBe(201);
    await eventually(async () => {
      const page = await api('GET', `/search?q=${encodeURIComponent(`${word} rahmen`)}`);
      return page.json.items?.length === 1 ? true : undefined;
    }, 'the deal in search');
    const moved = await api('PATCH', `/deals/${deal.json.id}`, {
      stage: 'qualification',
      title: `${word} Vertrag`,
    });
    expect(moved.status, moved.text).toBe(200);
    const found = await eventually(async () => {
      const page = await api('GET', `/search?q=${encodeURIComponent(`${word} vertrag`)}&stage=qualification`);
      return page.json.items?.length === 1 ? page.json.items : undefined;
    }, 'the moved deal in search');
    expect(found[0]).toMatchObject({ type: 'deal', id: deal.json.id, stage: 'qualification' });
    const before = await api('GET', `/search?q=${encodeURIComponent(`${word} rahmen`)}`);
    expect(before.json.items).toEqual([]);
  });

  it('deletes an account with what is under it, in runs from the stream, each removal announced', async () => {
    const account = await api('POST', '/accounts', { name: 'Leaving GmbH', tags: ['gone'] });
    const id = account.json.id as string;
    const email = `leaver.${Date.now()}@example.com`;
    const contact = await api('POST', `/accounts/${id}/contacts`, { name: 'Lee', email });
    for (const subject of ['One', 'Two', 'Three']) {
      expect((await api('POST', `/accounts/${id}/interactions`, { channel: 'note', subject })).status).toBe(
        201,
      );
    }
    const accepted = await api('DELETE', `/accounts/${id}`);
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/accounts/${id}/deletion`);
    const done = await eventually(async () => {
      const deletion = await api('GET', `/accounts/${id}/deletion`);
      return deletion.json.state === 'done' ? deletion.json : undefined;
    }, 'the deletion done');
    expect(done.removed).toMatchObject({ contacts: 1, interactions: 3, listings: 2 });
    expect((await api('GET', `/accounts/${id}`)).status).toBe(404);
    // The address is free again.
    const other = await api('POST', '/accounts', { name: 'Next GmbH' });
    expect((await api('POST', `/accounts/${other.json.id}/contacts`, { name: 'Lee', email })).status).toBe(
      201,
    );
    const announced = await eventually(async () => {
      const types = readEvents()
        .filter((event) => [id, contact.json.id].includes(event.detail.id))
        .map((event) => event['detail-type']);
      return types.includes('AccountDeleted') && types.includes('ContactDeleted') ? types : undefined;
    }, 'the deletions on the bus');
    expect(announced.filter((type) => type === 'AccountDeletionProgressed').length).toBeGreaterThan(0);
  });

  it('merges a duplicate account in runs from the stream: one AccountMerged, no news of the moved records', async () => {
    const survivor = await api('POST', '/accounts', { name: 'Berger GmbH' });
    const duplicate = await api('POST', '/accounts', { name: 'Berger' });
    const [into, from] = [survivor.json.id as string, duplicate.json.id as string];
    const contact = await api('POST', `/accounts/${from}/contacts`, {
      name: 'Max',
      email: `max.${Date.now()}@example.com`,
    });
    expect(contact.status, contact.text).toBe(201);
    const deal = await api('POST', '/deals', {
      accountId: from,
      title: 'Retainer',
      amount: 1000,
      currency: 'EUR',
    });
    expect(deal.status, deal.text).toBe(201);
    await eventually(
      async () => readEvents().some((event) => event.detail.id === deal.json.id) || undefined,
      'the deal on the bus',
    );
    const accepted = await api('POST', `/accounts/${into}/merge`, { from });
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/accounts/${into}/merges/${from}`);
    const done = await eventually(async () => {
      const merge = await api('GET', `/accounts/${into}/merges/${from}`);
      return merge.json.state === 'done' ? merge.json : undefined;
    }, 'the merge done');
    expect(done.moved).toMatchObject({ contacts: 1, deals: 1 });
    const old = await api('GET', `/accounts/${from}`);
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe(`/accounts/${into}`);
    expect((await api('GET', `/deals/${deal.json.id}`)).json.accountId).toBe(into);
    const merged = await eventually(async () => {
      const found = readEvents().filter(
        (event) => event['detail-type'] === 'AccountMerged' && event.detail.id === from,
      );
      return found.length > 0 ? found : undefined;
    }, 'AccountMerged on the bus');
    expect(merged).toHaveLength(1);
    // The moved deal and contact announced nothing more: no second DealCreated, no ContactDeleted.
    const about = (id: string) =>
      readEvents()
        .filter((event) => event.detail.id === id)
        .map((event) => event['detail-type']);
    expect(about(deal.json.id)).toEqual(['DealCreated']);
    expect(about(contact.json.id).filter((type) => type !== 'ContactUpdated')).toEqual(['ContactCreated']);
  });

  it("erases a person from the table and from the runtime's own event log", async () => {
    const account = await api('POST', '/accounts', { name: 'Forgetful GmbH' });
    const email = `forget.me.${Date.now()}@example.com`;
    const contact = await api('POST', `/accounts/${account.json.id}/contacts`, {
      name: 'Fiona Forget',
      email,
    });
    expect(contact.status, contact.text).toBe(201);
    const eventLog = () => readFileSync(join(dataDir, 'events.jsonl'), 'utf8');
    await eventually(async () => eventLog().includes(email) || undefined, 'the contact on the bus');
    const erased = await api('POST', `/contacts/${contact.json.id}/erase`);
    expect(erased.status, erased.text).toBe(200);
    await eventually(
      async () => readEvents().some((event) => event['detail-type'] === 'ContactErased') || undefined,
      'ContactErased on the bus',
    );
    expect(eventLog()).not.toContain(email);
    expect(eventLog().toLowerCase()).not.toContain('fiona forget');
  });

  it('answers a path with malformed percent-encoding with 400 in the API error shape', async () => {
    for (const path of ['/accounts/%E0%A4%A', '/accounts/%', '/accounts/%ZZ/contacts', '/forms/%C0%80']) {
      const answer = await api('GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.json.error, path).toMatchObject({ code: 'ClientError', details: [] });
    }
  });

  it("keeps serving after a bad cursor on an unknown account's list (no unhandled rejection ends it)", async () => {
    const unknown = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    for (const list of ['interactions', 'contacts', 'deals', 'invoices', 'tickets']) {
      expect((await api('GET', `/accounts/${unknown}/${list}?cursor=x`)).status).toBe(400);
    }
    expect((await api('GET', `/forms/${unknown}/submissions?cursor=x`)).status).toBe(400);
    // The reads of the unknown parents have come back (404) by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(running.child.exitCode).toBeNull();
    expect(running.output()).not.toMatch(/unhandled/i);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('serves accounts, contacts and the timeline; each change reaches the bus from the stream', async () => {
    const account = await api('POST', '/accounts', {
      name: 'E2E Ltd',
      relationship: 'client',
      audience: 'internal',
    });
    expect(account.status).toBe(201);
    expect(account.headers.get('location')).toBe(`/accounts/${account.json.id}`);
    const contact = await api('POST', `/accounts/${account.json.id}/contacts`, {
      name: 'Eve',
      email: `eve.${Date.now()}@example.com`,
    });
    expect(contact.status).toBe(201);
    const occurredAt = '2026-10-01T09:30:00.000Z';
    const interaction = await api('POST', `/accounts/${account.json.id}/interactions`, {
      channel: 'meeting',
      subject: 'Kick-off',
      occurredAt,
      contactId: contact.json.id,
    });
    expect(interaction.status).toBe(201);
    const timeline = await api('GET', `/accounts/${account.json.id}/interactions`);
    expect(timeline.json.items.map((item: { id: string }) => item.id)).toEqual([interaction.json.id]);

    const announced = await eventually(async () => {
      const types = readEvents()
        .filter((event) => [account.json.id, contact.json.id, interaction.json.id].includes(event.detail.id))
        .map((event) => event['detail-type']);
      return ['AccountCreated', 'ContactCreated', 'InteractionLogged', 'AccountUpdated'].every((type) =>
        types.includes(type),
      )
        ? types
        : undefined;
    }, 'events on the bus');
    expect(announced).toContain('InteractionLogged');
    // The InteractionLogged rule moved lastContactAt: stream → relay → bus → rule → handler → table.
    const touched = await eventually(async () => {
      const read = await api('GET', `/accounts/${account.json.id}`);
      return read.json.lastContactAt === occurredAt ? read.json : undefined;
    }, 'lastContactAt');
    expect(touched.version).toBe(2);
    expect(running.output()).toMatch(/event AccountCreated Account /);
  });

  it('accepts a token minted by `npm run token` for a member, and refuses one for a stranger', async () => {
    // Minted without blocking the event loop: a pooled keep-alive connection the server closes meanwhile
    // would otherwise be reused before its close is seen ("other side closed").
    const mint = async (...args: string[]) =>
      (
        await run(process.execPath, ['--import', 'tsx', 'local/token.ts', ...args], {
          cwd: root,
          env: { ...process.env, DATA_DIR: dataDir },
          encoding: 'utf8',
        })
      ).stdout.trim();
    const log = (token: string) =>
      fetch(`${running.url}/accounts/${'0'.repeat(26)}/interactions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'note', subject: 'x' }),
      });
    // The dev sales member, made on first use: let in, and the account is not there.
    expect((await log(await mint('--role', 'sales'))).status).toBe(404);
    const stranger = await log(await mint('--sub', 'jane', '--role', 'sales'));
    expect(stranger.status).toBe(403);
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('NotAMember');
  });

  it('stops DynamoDB Local on SIGTERM and finds the data again on the next start', async () => {
    const account = await api('POST', '/accounts', { name: 'Survivor' });
    await eventually(
      async () => (readEvents().some((event) => event.detail.id === account.json.id) ? true : undefined),
      'AccountCreated of the survivor',
    );
    const eventsBefore = readEvents().length;
    const endpoint = running.dynamodbEndpoint;
    expect(await stop(running)).toBe(0);
    expect(await portOpen(endpoint)).toBe(false);

    running = await boot();
    const read = await api('GET', `/accounts/${account.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json.name).toBe('Survivor');
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    // The stream checkpoint survived too: nothing already announced is announced again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(readEvents().length).toBe(eventsBefore);
  }, 120_000);
});
