// End to end in a real browser with JavaScript off (the page must not need it): a visitor fills the embedded
// lead form, gets it back with the error beside the field, fixes it, lands on the thank-you page, and the
// lead automation turns that one submission into exactly one contact. A form with a redirectUrl on another
// site sends the visitor there (the page's own CSP lets the post be redirected).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { apiClient, withoutAccessLog } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-form-e2e-'));
const artifacts = join(import.meta.dirname, '..', 'artifacts');
const run = `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;

let running: Running | undefined;
let browser: Browser | undefined;
let token = '';

const api = apiClient(() => {
  if (running === undefined) throw new Error('the runtime is not running');
  return { url: running.url, token };
});

const logged = () => withoutAccessLog(running?.output() ?? '');

/** A timeout alone says little: add what the submissions say and what the runtime logged. */
const explain =
  (formId: string) =>
  async (error: Error): Promise<never> => {
    const listed = await api('GET', `/forms/${formId}/submissions`).catch(() => undefined);
    throw new Error(
      `${error.message}\nsubmissions: ${JSON.stringify(listed?.json)}\nruntime output (tail):\n${logged()}`,
    );
  };

beforeAll(async () => {
  running = await boot(dataDir);
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded lead form in Chromium', () => {
  it('shows the error beside the field, keeps what was typed, thanks, and makes one contact', async () => {
    if (running === undefined || browser === undefined) throw new Error('setup failed');
    const member = await api('POST', '/team', {
      name: 'Sam Sales',
      email: `sam.${run}@example.com`,
      roles: ['sales'],
    });
    expect(member.status, JSON.stringify(member.json)).toBe(201);
    const form = await api('POST', '/forms', {
      name: 'Contact sales',
      kind: 'lead',
      fields: [
        { name: 'name', label: 'Your name', type: 'text', required: true },
        { name: 'email', label: 'E-mail', type: 'email', required: true },
        { name: 'company', label: 'Company', type: 'text' },
        { name: 'message', label: 'Message', type: 'textarea' },
      ],
    });
    expect(form.status, JSON.stringify(form.json)).toBe(201);
    const formId: string = form.json.id;

    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const embed = await page.goto(`${running.url}/forms/${formId}/embed`);
      expect(embed?.status()).toBe(200);
      expect(embed?.headers()['content-type']).toContain('text/html');
      await page.getByRole('heading', { name: 'Contact sales' }).waitFor();

      // A bad e-mail: the same page again, the error tied to the field, the name still there.
      await page.getByLabel('Your name').fill('Ada Lovelace');
      await page.getByLabel('E-mail').fill('ada-at-example');
      const [rejected] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Send' }).click(),
      ]);
      expect(rejected.status()).toBe(400);
      await page.waitForLoadState();
      const email = page.getByLabel('E-mail');
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await email.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      const error = page.locator(`[id="${describedBy}"]`);
      expect(await error.isVisible()).toBe(true);
      expect((await error.textContent())?.trim()).not.toBe('');
      expect(await page.getByRole('alert').isVisible()).toBe(true);
      expect(await page.getByLabel('Your name').inputValue()).toBe('Ada Lovelace');
      expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBeNull();
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'form-embed-errors.png'), fullPage: true });

      // Fixed: a 303 to the thank-you page.
      const address = `ada.${run}@example.com`;
      await email.fill(address);
      await page.getByLabel('Company').fill('Analytical Engines Ltd');
      await page.getByLabel('Message').fill('Please call me back.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(/submitted/);
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');
      await page.screenshot({ path: join(artifacts, 'form-embed.png'), fullPage: true });

      // The lead automation runs off the bus: wait for its contact, then for the submission to be done.
      const contacts = await eventually(async () => {
        const found = await api('GET', `/contacts?email=${encodeURIComponent(address)}`);
        return found.status === 200 && found.json.items.length > 0 ? found.json.items : undefined;
      }, `the contact for ${address}`).catch(explain(formId));
      expect(contacts).toHaveLength(1);
      expect(contacts[0].email).toBe(address);

      const submissions = await eventually(async () => {
        const listed = await api('GET', `/forms/${formId}/submissions`);
        return listed.status === 200 &&
          listed.json.items.some((item: { status: string }) => item.status !== 'accepted')
          ? listed.json.items
          : undefined;
      }, 'the submission to be processed').catch(explain(formId));
      expect(submissions).toHaveLength(1);
      expect(submissions[0].status).toBe('processed');
      expect(submissions[0].values).toMatchObject({ name: 'Ada Lovelace', email: address });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('sends the visitor on to a redirectUrl on another origin, also from the page with errors', async () => {
    if (running === undefined || browser === undefined) throw new Error('setup failed');
    // The business's own site: another origin (another port) than the API's.
    const visits: string[] = [];
    const site = createServer((request, response) => {
      visits.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Thanks from us</title><h1>Thanks from us</h1>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const form = await api('POST', '/forms', {
        name: 'Contact us',
        kind: 'contact',
        fields: [
          { name: 'name', label: 'Your name', type: 'text', required: true },
          { name: 'email', label: 'E-mail', type: 'email', required: true },
        ],
        redirectUrl: `${siteUrl}/thanks?from=form`,
      });
      expect(form.status, JSON.stringify(form.json)).toBe(201);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      await page.goto(`${running.url}/forms/${form.json.id}/embed`);
      await page.getByLabel('Your name').fill('Grace Hopper');
      await page.getByLabel('E-mail').fill('not-an-address');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForLoadState();
      expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('E-mail').fill(`grace.${run}@example.com`);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(`${siteUrl}/thanks?from=form`, { timeout: 15_000 }).catch((error: Error) => {
        throw new Error(`${error.message}\nstill on ${page.url()}; CSP: ${refused.join(' | ')}`);
      });
      await page.getByRole('heading', { name: 'Thanks from us' }).waitFor();
      expect(visits.filter((path) => path !== '/favicon.ico')).toEqual(['/thanks?from=form']);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
      await new Promise((resolve) => site.close(resolve));
    }
  }, 120_000);
});
