// Satisfaction surveys end to end on the local runtime (in process, so a test can settle it and redeliver an
// event as EventBridge may): a resolution e-mails its contact one survey, however often its event arrives; a
// reopen and a second resolution earn a second; the link answers once; the token stays out of the events.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { apiClient } from '../support/http.ts';
import { eventually } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-surveys-e2e-'));
const run = `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
let runtime: Runtime;
const logged: string[] = [];

const client = apiClient(() => ({ url: runtime.url, token: runtime.devToken }));
const anonymous = apiClient(() => ({ url: runtime.url }));
const api = (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  user = true,
) => (user ? client : anonymous)(method, path, body, headers);

/** The survey routes are public: no Authorization header, as from the contact's mail client. */
const survey = (
  method: 'GET' | 'POST',
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => api(method, `/surveys/${token}`, body, headers, false);

async function postForm(token: string, fields: Record<string, string>) {
  const response = await fetch(`${runtime.url}/surveys/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

interface ArchivedEvent {
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly detail: {
    readonly id: string;
    readonly eventId: string;
    readonly data?: Record<string, unknown>;
    readonly change?: { readonly field: string; readonly from: unknown; readonly to: unknown };
  };
}

const archive = () =>
  existsSync(join(dataDir, 'events.jsonl')) ? readFileSync(join(dataDir, 'events.jsonl'), 'utf8') : '';
const events = () =>
  archive()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ArchivedEvent);

interface SurveyMail {
  readonly file: string;
  readonly to: string;
  readonly subject: string;
  readonly link: string;
  readonly token: string;
}

/** The .eml files the SendMail rule wrote to the local mailbox for one address, with the survey link in each. */
function mailsTo(address: string): SurveyMail[] {
  const dir = join(dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
      const link = /^(https?:\/\/\S+\/surveys\/(\S+))$/m.exec(text);
      return {
        file,
        to: header('To'),
        subject: header('Subject'),
        link: link?.[1] ?? '',
        token: link?.[2] ?? '',
      };
    })
    .filter((mail) => mail.to === address);
}

/** A timeout alone says little: add what the runtime logged, without its access log lines. */
const explain = (error: Error): never => {
  const tail = logged.filter((line) => !/ → \d{3} \(/.test(line)).slice(-40);
  throw new Error(`${error.message}\nruntime log (tail):\n${tail.join('\n')}`);
};

const waitForMails = (address: string, count: number) =>
  eventually(async () => {
    const found = mailsTo(address);
    return found.length >= count ? found : undefined;
  }, `${count} survey e-mail(s) to ${address}`).catch(explain);

/** Settle the runtime, give a late duplicate a moment to show, and settle again. */
async function quiet() {
  await runtime.settle();
  await new Promise((resolve) => setTimeout(resolve, 300));
  await runtime.settle();
}

let tickets = 0;
/** A fresh account, contact (own address, so mail counts are this test's own) and ticket. */
async function newTicket() {
  tickets++;
  const account = await api('POST', '/accounts', { name: `Survey Co ${tickets} ${run}` });
  expect(account.status, account.text).toBe(201);
  const email = `pat.${tickets}.${run}@example.com`;
  const contact = await api('POST', `/accounts/${account.json.id}/contacts`, { name: 'Pat Doe', email });
  expect(contact.status, contact.text).toBe(201);
  const ticket = await api('POST', '/tickets', {
    accountId: account.json.id,
    contactId: contact.json.id,
    product: 'Router X2',
    problem: 'No connection since the update',
    priority: 'normal',
  });
  expect(ticket.status, ticket.text).toBe(201);
  return { id: ticket.json.id as string, email };
}

async function move(ticketId: string, status: string) {
  const moved = await api('PATCH', `/tickets/${ticketId}`, { status });
  expect(moved.status, moved.text).toBe(200);
  expect(moved.json.status).toBe(status);
}

const resolutionsOf = (ticketId: string) =>
  events().filter(
    (event) =>
      event['detail-type'] === 'TicketStatusChanged' &&
      event.detail.id === ticketId &&
      event.detail.change?.to === 'resolved',
  );

/** A token with one character changed: the same shape, a different (unknown) survey. */
const tampered = (token: string) => `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;

beforeAll(async () => {
  // No scheduled runs while the tests count what the runtime did; no per-address rate limit, as these tests
  // send one link dozens of requests from one address within seconds (a person sends a handful).
  process.env.CRON = 'off';
  process.env.RATE_LIMIT = 'off';
  runtime = await startRuntime({ port: 0, dynamodbPort: 0, dataDir, log: (line) => logged.push(line) });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('satisfaction surveys over HTTP', () => {
  it('a resolution e-mails its contact exactly one survey with a working link, however often the event arrives', async () => {
    const ticket = await newTicket();
    await move(ticket.id, 'open');
    await move(ticket.id, 'resolved');

    const [mail] = await waitForMails(ticket.email, 1);
    expect(mail?.subject).toBe('How did we do?');
    expect(mail?.link).toBe(`${runtime.url}/surveys/${mail?.token}`);
    expect(mail?.token).toMatch(TOKEN);
    const token = mail?.token ?? '';
    const page = await survey('GET', token);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('How did we do?');
    expect(page.text).toContain('No connection since the update');

    await quiet();
    expect(mailsTo(ticket.email)).toHaveLength(1);
    const resolved = resolutionsOf(ticket.id);
    expect(resolved).toHaveLength(1);
    const sent = () =>
      events().filter(
        (event) => event['detail-type'] === 'SurveySent' && event.detail.data?.ticketId === ticket.id,
      );
    expect(sent()).toHaveLength(1);

    // EventBridge delivers at least once: the same event again, twice in sequence and twice at once.
    const again = resolved[0];
    if (again === undefined) throw new Error('no TicketStatusChanged to resolved archived');
    const redeliver = () =>
      runtime.bus.putEvents([
        { Source: again.source, DetailType: again['detail-type'], Detail: JSON.stringify(again.detail) },
      ]);
    expect(redeliver().FailedEntryCount).toBe(0);
    await quiet();
    expect(redeliver().FailedEntryCount).toBe(0);
    expect(redeliver().FailedEntryCount).toBe(0);
    await quiet();
    expect(redeliver().FailedEntryCount).toBe(0);
    await quiet();

    expect(resolutionsOf(ticket.id)).toHaveLength(5);
    expect(mailsTo(ticket.email)).toHaveLength(1);
    expect(sent()).toHaveLength(1);
    // Nothing replaced the survey behind the link first sent, and nothing was dead-lettered.
    expect((await survey('GET', token, undefined, { accept: 'application/json' })).json).toMatchObject({
      status: 'sent',
      product: 'Router X2',
    });
    expect(existsSync(join(dataDir, 'dead-letters.jsonl'))).toBe(false);
  });

  it('a reopen and a second resolution earn a second survey with a different link', async () => {
    const ticket = await newTicket();
    await move(ticket.id, 'resolved');
    const [first] = await waitForMails(ticket.email, 1);
    await quiet();

    await move(ticket.id, 'open');
    await quiet();
    expect(mailsTo(ticket.email)).toHaveLength(1);
    await move(ticket.id, 'resolved');
    const both = await waitForMails(ticket.email, 2);
    await quiet();
    expect(mailsTo(ticket.email)).toHaveLength(2);
    expect(resolutionsOf(ticket.id)).toHaveLength(2);

    const second = both.find((mail) => mail.file !== first?.file);
    expect(second?.token).toMatch(TOKEN);
    expect(second?.token).not.toBe(first?.token);
    for (const mail of both) {
      const page = await survey('GET', mail.token, undefined, { accept: 'application/json' });
      expect(page.status).toBe(200);
      expect(page.json.status).toBe('sent');
    }
  });

  it('takes one answer per link: 200, then 409; refuses bad scores by name and unknown links with 404', async () => {
    const ticket = await newTicket();
    await move(ticket.id, 'resolved');
    const [mail] = await waitForMails(ticket.email, 1);
    const token = mail?.token ?? '';

    for (const body of [
      { score: 0 },
      { score: 6 },
      { score: '4' },
      { score: 4.5 },
      { comment: 'No score' },
    ]) {
      const refused = await survey('POST', token, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toContain('score');
    }
    // Nothing was written by the refusals.
    const before = await survey('GET', token, undefined, { accept: 'application/json' });
    expect(before.json.status).toBe('sent');
    expect(before.json.score).toBeUndefined();

    const answered = await survey('POST', token, { score: 5, comment: 'Quick and friendly.' });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.json).toMatchObject({ status: 'answered', score: 5, comment: 'Quick and friendly.' });
    expect(answered.headers.get('cache-control')).toBe('no-store');

    const twice = await survey('POST', token, { score: 1, comment: 'Changed my mind' });
    expect(twice.status).toBe(409);
    // A browser posting the form again gets the page saying so.
    const twiceByForm = await postForm(token, { score: '2' });
    expect(twiceByForm.status).toBe(409);
    expect(twiceByForm.text).toContain('This survey has already been answered.');
    const after = await survey('GET', token, undefined, { accept: 'application/json' });
    expect(after.json).toMatchObject({ status: 'answered', score: 5, comment: 'Quick and friendly.' });

    // A link with one character changed, or no token at all, is a survey that does not exist.
    expect((await survey('POST', tampered(token), { score: 3 })).status).toBe(404);
    expect((await survey('POST', 'not-a-survey-token', { score: 3 })).status).toBe(404);
    const tamperedPage = await survey('GET', tampered(token));
    expect(tamperedPage.status).toBe(404);
    expect(tamperedPage.text).toContain('Survey not found');
    expect((await survey('GET', `${token}x`)).status).toBe(404);

    // The answer is announced once, with its score.
    const answeredEvents = () =>
      events().filter(
        (event) => event['detail-type'] === 'SurveyAnswered' && event.detail.data?.ticketId === ticket.id,
      );
    await eventually(async () => (answeredEvents().length > 0 ? true : undefined), 'SurveyAnswered');
    await quiet();
    expect(answeredEvents()).toHaveLength(1);
    expect(answeredEvents()[0]?.detail.data).toMatchObject({
      status: 'answered',
      score: 5,
      comment: 'Quick and friendly.',
    });
  });

  it('keeps every survey token out of the events (the archive keeps them for a year on AWS)', async () => {
    const ticket = await newTicket();
    await move(ticket.id, 'resolved');
    const [mail] = await waitForMails(ticket.email, 1);
    expect((await survey('POST', mail?.token ?? '', { score: 4 })).status).toBe(200);
    await eventually(
      async () =>
        events().some(
          (event) => event['detail-type'] === 'SurveyAnswered' && event.detail.data?.ticketId === ticket.id,
        )
          ? true
          : undefined,
      'SurveyAnswered',
    );
    await quiet();
    // Every link mailed in this run, sent, answered or redelivered above.
    const tokens = readdirSync(join(dataDir, 'mail'))
      .map((file) => /\/surveys\/([A-Za-z0-9_-]{43})/.exec(readFileSync(join(dataDir, 'mail', file), 'utf8')))
      .flatMap((match) => (match?.[1] === undefined ? [] : [match[1]]));
    expect(tokens.length).toBeGreaterThan(0);
    const leaks = events().flatMap((event) =>
      tokens.some((token) => JSON.stringify(event).includes(token)) ? [event['detail-type']] : [],
    );
    expect(leaks, 'events carrying a survey token').toEqual([]);
    for (const token of tokens) expect(archive()).not.toContain(token);
  });

  it('serves its pages with no caching, no referrer and no framing', async () => {
    const ticket = await newTicket();
    await move(ticket.id, 'resolved');
    const [mail] = await waitForMails(ticket.email, 1);
    const token = mail?.token ?? '';
    for (const page of [await survey('GET', token), await survey('GET', tampered(token))]) {
      expect(page.headers.get('content-type')).toContain('text/html');
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toContain('script-src');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    const asJson = await survey('GET', token, undefined, { accept: 'application/json' });
    expect(asJson.headers.get('cache-control')).toBe('no-store');
    // The public view shows the person answering nothing of the CRM's ids.
    expect(Object.keys(asJson.json).sort()).toEqual(['problem', 'product', 'resolvedAt', 'status']);
  });
});
