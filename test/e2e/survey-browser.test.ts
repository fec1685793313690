// End to end in a real browser with JavaScript off (the page must not need it): a ticket is resolved, its
// contact opens the survey link from the e-mail, sends without a score and is told so beside the question,
// picks 4, leaves an HTML-ish comment, lands on the thanks, and the link then says it was answered.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { apiClient, withoutAccessLog } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-survey-e2e-'));
const artifacts = join(import.meta.dirname, '..', 'artifacts');
const run = `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
const QUESTION = 'How satisfied are you with how we handled it?';
const COMMENT_LABEL = 'Anything you would like to tell us? (optional)';
// Markup, an ampersand, quotes and an attempt to close the comment box: all of it must come back as typed.
const COMMENT = '<b>great</b> & "fast" </textarea><i>!</i>';

let running: Running | undefined;
let browser: Browser | undefined;
let token = '';

const api = apiClient(() => {
  if (running === undefined) throw new Error('the runtime is not running');
  return { url: running.url, token };
});

const logged = () => withoutAccessLog(running?.output() ?? '');

/** The survey link in the e-mail the SendMail rule wrote to the local mailbox for this address. */
function surveyLinkFor(address: string): string | undefined {
  const dir = join(dataDir, 'mail');
  if (!existsSync(dir)) return undefined;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.eml'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'm').test(text)) continue;
    const link = /^(https?:\/\/\S+\/surveys\/[A-Za-z0-9_-]{43})\r?$/m.exec(text)?.[1];
    if (link !== undefined) return link;
  }
  return undefined;
}

/** Resolve a ticket of a new contact, once per file, and wait for the survey link e-mailed to them. */
let pending: Promise<string> | undefined;
const surveyLink = () => {
  pending ??= resolveAndWaitForTheLink();
  return pending;
};

async function resolveAndWaitForTheLink(): Promise<string> {
  if (running === undefined) throw new Error('setup failed');
  const account = await api('POST', '/accounts', { name: `Survey Browser Co ${run}` });
  expect(account.status, JSON.stringify(account.json)).toBe(201);
  const address = `robin.${run}@example.com`;
  const contact = await api('POST', `/accounts/${account.json.id}/contacts`, {
    name: 'Robin Reader',
    email: address,
  });
  expect(contact.status, JSON.stringify(contact.json)).toBe(201);
  const ticket = await api('POST', '/tickets', {
    accountId: account.json.id,
    contactId: contact.json.id,
    product: 'Router <X2>',
    problem: 'Wi-Fi drops every evening & the lights blink',
    priority: 'high',
  });
  expect(ticket.status, JSON.stringify(ticket.json)).toBe(201);
  const resolved = await api('PATCH', `/tickets/${ticket.json.id}`, { status: 'resolved' });
  expect(resolved.status, JSON.stringify(resolved.json)).toBe(200);

  const link = await eventually(async () => surveyLinkFor(address), `the survey e-mail to ${address}`).catch(
    (error: Error) => {
      throw new Error(`${error.message}\nruntime output (tail):\n${logged()}`);
    },
  );
  expect(link.startsWith(`${running.url}/surveys/`)).toBe(true);
  return link;
}

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

describe('the satisfaction survey in Chromium', () => {
  it('shows each radio beside its own text, on one line', async () => {
    if (browser === undefined) throw new Error('setup failed');
    const link = await surveyLink();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      expect((await page.goto(link))?.status()).toBe(200);
      const labels = page.getByRole('group', { name: QUESTION }).locator('label');
      expect(await labels.count()).toBe(5);
      for (const label of await labels.all()) {
        const box = await label.evaluate((element) => {
          const input = element.querySelector('input');
          const text = element.lastChild;
          // 3: Node.TEXT_NODE (the DOM types are not in this project's lib).
          if (input === null || text === null || text.nodeType !== 3) return undefined;
          const range = element.ownerDocument.createRange();
          range.selectNode(text);
          const words = range.getBoundingClientRect();
          const radio = input.getBoundingClientRect();
          return {
            text: text.textContent ?? '',
            radioMiddle: (radio.top + radio.bottom) / 2,
            radioRight: radio.right,
            textTop: words.top,
            textBottom: words.bottom,
            textLeft: words.left,
          };
        });
        if (box === undefined) throw new Error('a score label without its radio and text');
        // The radio sits on its text's line, before it (not stacked above it).
        expect(box.radioMiddle, `${box.text}: radio on the line of its text`).toBeGreaterThanOrEqual(
          box.textTop,
        );
        expect(box.radioMiddle, `${box.text}: radio on the line of its text`).toBeLessThanOrEqual(
          box.textBottom,
        );
        expect(box.radioRight, `${box.text}: radio before its text`).toBeLessThanOrEqual(box.textLeft + 1);
      }
    } finally {
      await context.close();
    }
  });

  it('is labelled, shows the error beside the question, keeps the comment, thanks, and answers once', async () => {
    if (running === undefined || browser === undefined) throw new Error('setup failed');
    const link = await surveyLink();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
      expect(opened?.headers()['content-type']).toContain('text/html');
      await page.getByRole('heading', { level: 1, name: 'How did we do?' }).waitFor();
      // The ticket's texts are shown as text, escaped.
      expect(await page.getByText('Wi-Fi drops every evening & the lights blink').isVisible()).toBe(true);
      expect(await page.getByText('your request about Router <X2>').isVisible()).toBe(true);

      // Accessibility: a fieldset named by its legend, five labelled radios, a labelled comment box.
      const question = page.getByRole('group', { name: QUESTION });
      expect(await question.isVisible()).toBe(true);
      expect(await page.locator('fieldset > legend').textContent()).toBe(QUESTION);
      const radios = question.getByRole('radio');
      expect(await radios.count()).toBe(5);
      const names = [
        '1 — Very dissatisfied',
        '2 — Dissatisfied',
        '3 — Neutral',
        '4 — Satisfied',
        '5 — Very satisfied',
      ];
      for (const [index, name] of names.entries()) {
        const radio = question.getByRole('radio', { name, exact: true });
        expect(await radio.count(), name).toBe(1);
        expect(await radio.getAttribute('value')).toBe(String(index + 1));
        expect(await radio.isChecked()).toBe(false);
      }
      const comment = page.getByRole('textbox', { name: COMMENT_LABEL });
      expect(await comment.count()).toBe(1);
      expect(await comment.evaluate((element) => element.tagName)).toBe('TEXTAREA');
      expect(await page.getByRole('alert').count()).toBe(0);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'survey.png'), fullPage: true });

      // Sent without a score: the page again, 400, the summary and the error at the question, the comment kept.
      await comment.fill(COMMENT);
      const [rejected] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Send' }).click(),
      ]);
      expect(rejected.status()).toBe(400);
      await page.waitForLoadState();
      expect(await page.title()).toBe('Error: How did we do?');
      const summary = page.getByRole('alert');
      expect(await summary.isVisible()).toBe(true);
      expect(await summary.getByRole('heading', { name: 'There is a problem' }).isVisible()).toBe(true);
      const summaryLink = summary.getByRole('link', { name: 'Choose a score from 1 to 5.' });
      expect(await summaryLink.getAttribute('href')).toBe('#score-1');
      const fieldset = page.getByRole('group', { name: QUESTION });
      expect(await fieldset.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await fieldset.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      const inline = page.locator(`[id="${describedBy}"]`);
      expect(await inline.isVisible()).toBe(true);
      expect(await inline.textContent()).toBe('Choose a score from 1 to 5.');
      // The error sits inside the question's fieldset, next to the scale.
      expect(await fieldset.locator(`[id="${describedBy}"]`).count()).toBe(1);
      expect(await page.getByRole('textbox', { name: COMMENT_LABEL }).inputValue()).toBe(COMMENT);
      // The comment went back into the page as text: no element came of it.
      expect(await page.locator('main b, main i').count()).toBe(0);
      await page.screenshot({ path: join(artifacts, 'survey-errors.png'), fullPage: true });

      // 4, chosen by its label; sent: a 303 to the thanks.
      await page.locator('label', { hasText: '4 — Satisfied' }).click();
      expect(await page.getByRole('radio', { name: '4 — Satisfied' }).isChecked()).toBe(true);
      const [accepted] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Send' }).click(),
      ]);
      expect(accepted.status()).toBe(303);
      await page.waitForURL(/[?&]answered=1$/);
      expect(page.url()).toBe(`${link}?answered=1`);
      await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
      const thanks = (await page.locator('main').textContent()) ?? '';
      expect(thanks).toContain('Your answer has been recorded.');
      expect(thanks).toContain('You gave us 4 out of 5.');
      expect(thanks).not.toContain('already');
      await page.screenshot({ path: join(artifacts, 'survey-thanks.png'), fullPage: true });

      // The link again: answered already, no form to send twice.
      const again = await page.goto(link);
      expect(again?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('This survey has already been answered.');
      expect(await page.locator('form').count()).toBe(0);
    } finally {
      await context.close();
    }

    // What was stored: 4 and the comment exactly as typed.
    const stored = await fetch(link, { headers: { accept: 'application/json' } });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ status: 'answered', score: 4, comment: COMMENT });
  }, 120_000);
});
