// The report page in a real browser with JavaScript off and the strict policy the page is served under: the
// headings are there, the five charts are drawn at a real size, nothing is fetched or blocked, and a
// full-page screenshot lands in test/artifacts (and in docs/ with UPDATE_SCREENSHOTS=1, for the README).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPage } from '../../functions/reporting/views/page.ts';
import { launchChromium } from '../support/chromium.ts';
import { emptyReport, hostileReport, reportFixture } from '../support/report-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'test', 'artifacts');
const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const ORIGIN = 'https://reports.clientele.test';

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** How far the page is wider than its window (0 when no horizontal scrolling is needed). */
const pageOverflow = (page: Page) =>
  page
    .locator('html')
    .evaluate((root) => root.scrollWidth - (root.ownerDocument.defaultView?.innerWidth ?? 0));

/** Serves `html` as the handler would (with the CSP header) and opens it; collects what the browser said. */
async function open(html: string, viewport = { width: 1100, height: 900 }) {
  if (browser === undefined) throw new Error('setup failed');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const complaints: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => complaints.push(message.text()));
  page.on('pageerror', (error) => complaints.push(error.message));
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': POLICY },
      body: html,
    }),
  );
  await page.goto(`${ORIGIN}/reports/month-2026-11-01`);
  return { context, page, requests, complaints };
}

describe('the report page in Chromium', () => {
  it('draws the five charts with headings under a strict CSP, and is screenshotted', async () => {
    const { context, page, requests, complaints } = await open(reportPage(reportFixture()));
    try {
      await page.getByRole('heading', { level: 1, name: 'Monthly report: November 2026' }).waitFor();
      for (const name of ['Headline figures', 'Sales', 'Service', 'Workload', 'Accounts']) {
        expect(await page.getByRole('heading', { level: 2, name, exact: true }).isVisible(), name).toBe(true);
      }
      for (const name of ['pipeline', 'csat', 'workload', 'conversion', 'quota']) {
        const chart = page.locator(`svg[data-chart="${name}"]`);
        expect(await chart.count(), name).toBe(1);
        expect(await chart.isVisible(), name).toBe(true);
        const box = await chart.boundingBox();
        expect(box?.width ?? 0, name).toBeGreaterThan(300);
        expect(box?.height ?? 0, name).toBeGreaterThan(100);
        // Its accessible name is its title; the bars are drawn (not 0×0) and coloured by the inline style.
        expect(
          await page
            .getByRole('img', { name: (await chart.locator('title').first().textContent()) ?? '' })
            .count(),
        ).toBe(1);
        const bar = chart.locator('rect[width]:not([width="0"])').first();
        const barBox = await bar.boundingBox();
        expect((barBox?.width ?? 0) * (barBox?.height ?? 0), name).toBeGreaterThan(0);
        expect(
          await bar.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).fill),
          name,
        ).not.toBe('rgb(0, 0, 0)');
      }
      // The tables carry their captions to assistive technology.
      expect(
        await page
          .getByRole('table', { name: 'Deals and revenue by owner (change against the previous period)' })
          .isVisible(),
      ).toBe(true);
      // Nothing but the page itself was requested, and the policy blocked nothing.
      expect(requests).toEqual([`${ORIGIN}/reports/month-2026-11-01`]);
      expect(complaints.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
      // The page fits the window: no horizontal scrolling.
      expect(await pageOverflow(page)).toBe(0);

      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(join(root, 'docs'), { recursive: true });
        await page.screenshot({ path: join(root, 'docs', 'report.png'), fullPage: true });
      }

      // Printed, the charts are still there and the page still fits.
      await page.emulateMedia({ media: 'print' });
      for (const name of ['pipeline', 'csat', 'workload', 'conversion', 'quota']) {
        expect(await page.locator(`svg[data-chart="${name}"]`).isVisible(), `${name} in print`).toBe(true);
      }
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps hostile texts as text, and on a phone the page does not scroll sideways', async () => {
    const { context, page, complaints } = await open(reportPage(hostileReport()), {
      width: 390,
      height: 844,
    });
    try {
      await page.getByRole('heading', { level: 1 }).waitFor();
      const owners = await page
        .getByRole('table', { name: 'Deals and revenue by owner (change against the previous period)' })
        .locator('tbody th')
        .allTextContents();
      expect(owners).toContain('<script>alert(1)</script>');
      expect(owners).toContain('=HYPERLINK("http://x")');
      expect(await page.locator('script').count()).toBe(0);
      // Wide charts and tables scroll inside their own box; the page itself does not scroll sideways.
      expect(await pageOverflow(page)).toBe(0);
      for (const name of ['pipeline', 'csat', 'workload', 'conversion', 'quota']) {
        const box = await page.locator(`svg[data-chart="${name}"]`).boundingBox();
        expect(box?.width ?? 0, name).toBeGreaterThan(300);
        expect(box?.height ?? 0, name).toBeGreaterThan(100);
      }
      expect(complaints.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report-hostile-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows the "No data" notes in place of the charts for an empty period', async () => {
    const { context, page } = await open(reportPage(emptyReport()));
    try {
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.locator('svg[data-chart]').count()).toBe(0);
      const notes = page.getByText('No data for this period.');
      expect(await notes.count()).toBeGreaterThanOrEqual(4);
      for (const note of await notes.all()) expect(await note.isVisible()).toBe(true);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report-empty.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
