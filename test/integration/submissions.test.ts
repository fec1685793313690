// Form submissions against DynamoDB Local: the three body types, validation naming each field (JSON) or the
// page again (browser), the honeypot, idempotency by key and by content (also under concurrency), the
// 303 for browsers, CORS on the preflight and the post, and the list newest first. "Nothing written" is
// checked in the form's partition itself and on the idempotency claim.
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as createForm } from '../../functions/forms/handlers/create-form.ts';
import { handler as formEmbed } from '../../functions/forms/handlers/form-embed.ts';
import { handler as preflight } from '../../functions/forms/handlers/form-preflight.ts';
import { handler as listSubmissions } from '../../functions/forms/handlers/list-submissions.ts';
import { handler as submit } from '../../functions/forms/handlers/submit-form.ts';
import { call } from '../support/api.ts';
import {
  callRaw,
  contentClaim,
  countSubmissions,
  defineForm,
  detailPaths,
  keyClaim,
  LEAD_FORM,
  multipart,
  storedSubmissions,
  unique,
} from '../support/forms.ts';

const API_HOST = 'api.clientele.test';
const ALLOWED = 'https://www.example.com';
const JSON_TYPE = { 'content-type': 'application/json' };
const URLENCODED = { 'content-type': 'application/x-www-form-urlencoded' };
const ACCEPT_JSON = { accept: 'application/json' };

const leadForm = async (extra: Record<string, unknown> = {}): Promise<string> =>
  (await defineForm({ ...LEAD_FORM, ...extra })).id;

const post = (id: string, rawBody: string | undefined, headers: Record<string, string>) =>
  callRaw(submit, 'POST', {
    resource: '/forms/{id}/submissions',
    params: { id },
    ...(rawBody === undefined ? {} : { rawBody }),
    headers: { host: API_HOST, ...headers },
  });
const postJson = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  post(id, JSON.stringify(body), { ...JSON_TYPE, ...headers });
const postForm = (id: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  post(id, new URLSearchParams(fields).toString(), { ...URLENCODED, ...headers });
const postMultipart = async (
  id: string,
  entries: Parameters<typeof multipart>[0],
  headers: Record<string, string> = {},
) => {
  const { body, contentType } = await multipart(entries);
  return post(id, body, { 'content-type': contentType, ...headers });
};
const options = (id: string, headers: Record<string, string>) =>
  callRaw(preflight, 'OPTIONS', {
    resource: '/forms/{id}/submissions',
    params: { id },
    headers: { host: API_HOST, ...headers },
  });
const list = (id: string, query: Record<string, string> = {}) =>
  call(listSubmissions, 'GET', { resource: '/forms/{id}/submissions', params: { id }, query });

const person = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  email: `ada.${unique()}@example.com`,
  company: 'Analytical Engines',
  interest: 'crm',
  consent: true,
  seats: 12,
  ...overrides,
});

/** The values of the one submission stored for a form. */
async function onlyStored(formId: string) {
  const items = await storedSubmissions(formId);
  expect(items).toHaveLength(1);
  return items[0] as Record<string, unknown> & { values: Record<string, unknown> };
}

describe('POST /forms/{id}/submissions: body types', () => {
  it('accepts JSON: 202 {submissionId}, stored once with cleaned values, status accepted', async () => {
    const formId = await leadForm();
    const email = `Ada.${unique()}@Example.COM`;
    const answer = await postJson(formId, person({ name: '  Ada Lovelace ', email: ` ${email} ` }), {
      'user-agent': 'tests/1.0',
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ submissionId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const stored = await onlyStored(formId);
    expect(stored).toMatchObject({
      pk: `FORM#${formId}`,
      sk: `SUBMISSION#${answer.json.submissionId}`,
      id: answer.json.submissionId,
      formId,
      kind: 'lead',
      relationship: 'customer',
      channel: 'json',
      userAgent: 'tests/1.0',
      status: 'accepted',
      version: 1,
    });
    expect(stored.values).toEqual({
      name: 'Ada Lovelace',
      email: email.toLowerCase(),
      company: 'Analytical Engines',
      interest: 'crm',
      consent: true,
      seats: 12,
    });
    expect(stored.origin).toBeUndefined();
  });

  it('accepts a browser urlencoded post: 303 to embed?submitted=1, empty body, strings converted', async () => {
    const formId = await leadForm();
    const email = `grace.${unique()}@example.com`;
    const answer = await postForm(formId, { name: 'Grace Hopper', email, seats: ' 7 ', interest: 'support' });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('embed?submitted=1');
    expect(answer.text).toBe('');
    const stored = await onlyStored(formId);
    expect(stored.channel).toBe('browser');
    // An unchecked checkbox is absent from a browser post: it is stored as false.
    expect(stored.values).toEqual({
      name: 'Grace Hopper',
      email,
      seats: 7,
      interest: 'support',
      consent: false,
    });
  });

  it('answers a urlencoded post that accepts JSON with 202 {submissionId}', async () => {
    const formId = await leadForm();
    const answer = await postForm(
      formId,
      { name: 'Alan', email: `alan.${unique()}@example.com`, consent: 'on' },
      ACCEPT_JSON,
    );
    expect(answer.status).toBe(202);
    const stored = await onlyStored(formId);
    expect(stored.id).toBe(answer.json.submissionId);
    expect(stored.values.consent).toBe(true);
    expect(stored.channel).toBe('json');
  });

  it('accepts multipart/form-data without files: 303 for a browser, 202 when JSON is accepted', async () => {
    const formId = await leadForm();
    const browser = await postMultipart(formId, [
      ['name', 'Katherine Johnson'],
      ['email', `katherine.${unique()}@example.com`],
      ['consent', 'on'],
      ['seats', '3'],
    ]);
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('embed?submitted=1');
    const script = await postMultipart(
      formId,
      [
        ['name', 'Dorothy Vaughan'],
        ['email', `dorothy.${unique()}@example.com`],
        ['interest', 'crm'],
      ],
      ACCEPT_JSON,
    );
    expect(script.status).toBe(202);
    const stored = await storedSubmissions(formId);
    expect(stored).toHaveLength(2);
    const byName = Object.fromEntries(
      stored.map((item) => [(item.values as Record<string, unknown>).name, item.values]),
    );
    expect(byName['Katherine Johnson']).toMatchObject({ consent: true, seats: 3 });
    expect(byName['Dorothy Vaughan']).toMatchObject({ interest: 'crm', consent: false });
  });

  it('refuses a multipart post with a file part: 400 naming the field, nothing written', async () => {
    const formId = await leadForm();
    const key = `file-${unique()}`;
    const answer = await postMultipart(
      formId,
      [
        ['name', 'Mallory'],
        ['email', `mallory.${unique()}@example.com`],
        ['company', new Blob(['%PDF-1.4 not really'], { type: 'application/pdf' }), 'cv.pdf'],
      ],
      { ...ACCEPT_JSON, 'idempotency-key': key },
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ValidationFailed');
    expect(answer.json.error.details).toEqual([{ path: 'company', message: 'Files are not accepted.' }]);
    expect(await countSubmissions(formId)).toBe(0);
    expect(await keyClaim(formId, key)).toBeUndefined();
  });

  it('round-trips unicode (emoji, RTL, combining marks, CJK) from JSON, urlencoded and multipart', async () => {
    const formId = await leadForm();
    const name = 'Zoë 👩🏽‍💻 Ω';
    const companies = ['שלום עולם — بيت', '東京 株式会社 🗼', 'e\u0301te\u0301 ❤️‍🔥'];
    const emails = companies.map(() => `u.${unique()}@example.com`);
    const json = await postJson(formId, { name, email: emails[0], company: companies[0] });
    const form = await postForm(formId, { name, email: emails[1] ?? '', company: companies[1] ?? '' });
    const parts = await postMultipart(formId, [
      ['name', name],
      ['email', emails[2] ?? ''],
      ['company', companies[2] ?? ''],
    ]);
    expect([json.status, form.status, parts.status]).toEqual([202, 303, 303]);
    const byCompany = (a: { company: string }, b: { company: string }) => a.company.localeCompare(b.company);
    const stored = (await storedSubmissions(formId)).map((item) => item.values as { company: string });
    expect(stored.sort(byCompany)).toEqual(
      companies
        .map((company, index) => ({ name, email: emails[index], company, consent: false }))
        .sort(byCompany),
    );
    const listed = await list(formId);
    expect(
      listed.json.items.map((item: { values: { company: string } }) => item.values.company).sort(),
    ).toEqual([...companies].sort());
  });

  it('counts maxLength in characters, not UTF-16 units: 50 emoji fit a 50-character field, 51 do not', async () => {
    const formId = await leadForm();
    const fits = await postJson(formId, person({ company: '🚀'.repeat(50) }));
    expect(fits.status).toBe(202);
    const tooLong = await postJson(formId, person({ company: '🚀'.repeat(51) }));
    expect(tooLong.status).toBe(400);
    expect(detailPaths(tooLong)).toEqual(['company']);
    expect(((await onlyStored(formId)).values.company as string).length).toBe(100);
  });

  it('refuses other content types with 415 (text/plain, application/xml, none, garbage), nothing written', async () => {
    const formId = await leadForm();
    const body = new URLSearchParams({ name: 'Eve', email: `eve.${unique()}@example.com` }).toString();
    for (const type of [
      'text/plain',
      'application/xml',
      'text/html; charset=utf-8',
      '¿qué?',
      'multipart/mixed',
    ]) {
      const answer = await post(formId, body, { 'content-type': type });
      expect(answer.status, type).toBe(415);
      expect(answer.json.error.code).toBe('UnsupportedMediaType');
    }
    expect((await post(formId, body, {})).status).toBe(415);
    expect((await post(formId, undefined, {})).status).toBe(415);
    expect(await countSubmissions(formId)).toBe(0);
  });

  it('refuses a body over 16 KB with 413 and accepts one of exactly 16 KB, nothing written for the first', async () => {
    const formId = await leadForm();
    const text = JSON.stringify(person());
    // JSON allows any amount of whitespace: pad a valid submission to the byte.
    const padded = (bytes: number) => `${' '.repeat(bytes - Buffer.byteLength(text))}${text}`;
    const over = await post(formId, padded(16 * 1024 + 1), JSON_TYPE);
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('PayloadTooLarge');
    const farOver = await postForm(formId, { name: 'x'.repeat(40_000), email: `x.${unique()}@example.com` });
    expect(farOver.status).toBe(413);
    const multibyte = await post(formId, `{"name":"${'é'.repeat(8200)}"}`, JSON_TYPE);
    expect(multibyte.status).toBe(413);
    expect(await countSubmissions(formId)).toBe(0);
    const exact = await post(formId, padded(16 * 1024), JSON_TYPE);
    expect(exact.status).toBe(202);
    expect(await countSubmissions(formId)).toBe(1);
  });

  it('answers 404 for an unknown form and 400 for a malformed form id', async () => {
    const unknown = await postJson(ulid(), person());
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('NotFound');
    const malformed = await postJson('not-a-ulid', person());
    expect(malformed.status).toBe(400);
    expect(detailPaths(malformed)).toEqual(['path.id']);
  });
});

describe('POST /forms/{id}/submissions: validation', () => {
  it('names each bad field for a JSON caller (required, e-mail, length, option, unknown), nothing written', async () => {
    const formId = await leadForm();
    const key = `bad-${unique()}`;
    const answer = await postJson(
      formId,
      { email: 'not-an-email', company: 'c'.repeat(51), interest: 'sales', referrer: 'ad', __proto__x: 1 },
      { 'idempotency-key': key },
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ValidationFailed');
    expect(detailPaths(answer)).toEqual(['__proto__x', 'company', 'email', 'interest', 'name', 'referrer']);
    const messages = Object.fromEntries(
      answer.json.error.details.map((detail: { path: string; message: string }) => [
        detail.path,
        detail.message,
      ]),
    );
    expect(messages).toMatchObject({
      name: 'Required.',
      email: 'Must be an e-mail address.',
      company: 'At most 50 characters.',
      interest: 'Must be one of: crm, support.',
      referrer: 'Unknown field.',
    });
    expect(await countSubmissions(formId)).toBe(0);
    expect(await keyClaim(formId, key)).toBeUndefined();
  });

  it('names each field of the wrong type, and refuses prototype keys as unknown fields', async () => {
    const formId = await leadForm();
    const answer = await post(
      formId,
      '{"name":{"first":"Ada"},"email":["a@example.com"],"seats":"many","consent":"maybe",' +
        '"company":42,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      JSON_TYPE,
    );
    expect(answer.status).toBe(400);
    expect(detailPaths(answer)).toEqual([
      '__proto__',
      'company',
      'consent',
      'constructor',
      'email',
      'name',
      'seats',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const controls = await postJson(formId, person({ name: 'Ada\u0000Lovelace', company: 'A\u001bB' }));
    expect(controls.status).toBe(400);
    expect(detailPaths(controls)).toEqual(['company', 'name']);
    expect(await countSubmissions(formId)).toBe(0);
  });

  it('refuses malformed JSON, a JSON array and a field sent twice, nothing written', async () => {
    const formId = await leadForm();
    const malformed = await post(formId, '{"name": "Ada", ', JSON_TYPE);
    expect(malformed.status).toBe(400);
    expect(detailPaths(malformed)).toEqual(['body']);
    expect((await post(formId, '[1,2]', JSON_TYPE)).status).toBe(400);
    const twice = await post(formId, `name=A&email=a.${unique()}%40example.com&name=B`, {
      ...URLENCODED,
      ...ACCEPT_JSON,
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.details).toEqual([{ path: 'name', message: 'Sent more than once.' }]);
    expect(await countSubmissions(formId)).toBe(0);
  });

  it('shows a browser post its page again with each error and what was typed (400, HTML), nothing written', async () => {
    const formId = await leadForm();
    const key = `page-${unique()}`;
    const answer = await postForm(formId, {
      name: '<script>alert(1)</script>',
      email: 'nope',
      company: 'c'.repeat(51),
      interest: 'sales',
      fax: '123',
      _idempotency_key: key,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.json).toBeUndefined();
    const page = answer.text;
    expect(page).toContain('<title>Error: Talk to sales</title>');
    expect(page).toContain('There is a problem');
    for (const field of ['email', 'company', 'interest']) {
      expect(page).toMatch(new RegExp(`id="field-${field}"[^>]*aria-invalid="true"`));
      expect(page).toContain(`id="field-${field}-error"`);
    }
    expect(page).not.toMatch(/id="field-name"[^>]*aria-invalid/);
    expect(page).toContain('Must be an e-mail address.');
    expect(page).toContain('At most 50 characters.');
    expect(page).toContain('Must be one of: crm, support.');
    expect(page).toContain('<li>Unknown field.</li>');
    // What was typed comes back, escaped; the page gets a fresh one-time key.
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="nope"');
    expect(page).toMatch(/name="_idempotency_key" value="[0-9a-f-]{36}"/);
    expect(page).not.toContain(key);
    expect(await countSubmissions(formId)).toBe(0);
    expect(await keyClaim(formId, key)).toBeUndefined();
  });

  it('shows a multipart browser post its page again too', async () => {
    const formId = await leadForm();
    const answer = await postMultipart(formId, [
      ['name', 'Ada'],
      ['seats', 'lots'],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.text).toMatch(/id="field-email"[^>]*aria-invalid="true"/);
    expect(answer.text).toMatch(/id="field-seats"[^>]*aria-invalid="true"/);
    expect(answer.text).toContain('value="Ada"');
    expect(await countSubmissions(formId)).toBe(0);
  });
});

describe('POST /forms/{id}/submissions: honeypot', () => {
  it('answers a JSON bot like a person (202 {submissionId}) and writes nothing, not even its key', async () => {
    const formId = await leadForm();
    const key = `bot-${unique()}`;
    const values = person();
    const bot = await postJson(
      formId,
      { ...values, website: 'https://spam.example' },
      { 'idempotency-key': key },
    );
    expect(bot.status).toBe(202);
    expect(bot.json).toEqual({ submissionId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
    expect(await countSubmissions(formId)).toBe(0);
    expect(await keyClaim(formId, key)).toBeUndefined();
    // The key is still free: a person using it later is a new submission, not a replay of the bot's.
    const human = await postJson(formId, values, { 'idempotency-key': key });
    expect(human.status).toBe(202);
    expect(human.json.submissionId).not.toBe(bot.json.submissionId);
    expect(human.headers['idempotent-replayed']).toBeUndefined();
    expect(await countSubmissions(formId)).toBe(1);
  });

  it('answers a browser bot like a person (303), even with invalid content, and writes nothing', async () => {
    const formId = await leadForm();
    const browser = await postForm(formId, {
      name: 'Bot',
      email: `bot.${unique()}@example.com`,
      website: 'x',
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('embed?submitted=1');
    const invalid = await postForm(formId, { email: 'garbage', website: 'x' });
    expect(invalid.status).toBe(303);
    const multipartBot = await postMultipart(formId, [
      ['name', 'Bot'],
      ['email', `bot.${unique()}@example.com`],
      ['website', 'spam'],
    ]);
    expect(multipartBot.status).toBe(303);
    expect(await countSubmissions(formId)).toBe(0);
  });

  it("uses the form's own honeypot field name, and an empty honeypot is a person", async () => {
    const formId = await leadForm({ honeypotField: 'homepage' });
    const bot = await postJson(formId, person({ homepage: 'spam' }));
    expect(bot.status).toBe(202);
    expect(await countSubmissions(formId)).toBe(0);
    // Under this form, `website` is not the trap but an unknown field.
    const website = await postJson(formId, person({ website: 'x' }));
    expect(website.status).toBe(400);
    expect(detailPaths(website)).toEqual(['website']);
    const human = await postForm(formId, {
      name: 'Real',
      email: `real.${unique()}@example.com`,
      homepage: '',
    });
    expect(human.status).toBe(303);
    expect((await onlyStored(formId)).values).not.toHaveProperty('homepage');
  });
});

describe('POST /forms/{id}/submissions: idempotency', () => {
  it('answers a retry with the same Idempotency-Key and content with the same submission', async () => {
    const formId = await leadForm();
    const key = `retry-${unique()}`;
    const values = person();
    const first = await postJson(formId, values, { 'idempotency-key': key });
    const again = await postJson(formId, values, { 'idempotency-key': key });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.json.submissionId).toBe(first.json.submissionId);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countSubmissions(formId)).toBe(1);
    expect(await keyClaim(formId, key)).toMatchObject({ type: 'IdempotencyClaim' });
  });

  it('takes the key from the _idempotency_key field of a browser post', async () => {
    const formId = await leadForm();
    const fields = {
      name: 'Browser',
      email: `b.${unique()}@example.com`,
      _idempotency_key: `field-${unique()}`,
    };
    const first = await postForm(formId, fields);
    const again = await postForm(formId, fields);
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const stored = await onlyStored(formId);
    expect(stored.values).not.toHaveProperty('_idempotency_key');
    expect(await keyClaim(formId, fields._idempotency_key)).toBeDefined();
  });

  for (const attempts of [2, 3, 4, 5]) {
    it(`stores ${attempts} concurrent attempts with one key once, and answers all with its id`, async () => {
      const formId = await leadForm();
      const key = `race-${unique()}`;
      const values = person();
      const answers = await Promise.all(
        Array.from({ length: attempts }, () => postJson(formId, values, { 'idempotency-key': key })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(attempts).fill(202));
      expect(new Set(answers.map((answer) => answer.json.submissionId)).size).toBe(1);
      expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
      expect((await onlyStored(formId)).id).toBe(answers[0]?.json.submissionId);
    });
  }

  it('refuses the same key with different content (422), writing nothing more', async () => {
    const formId = await leadForm();
    const key = `reuse-${unique()}`;
    const first = await postJson(formId, person(), { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const other = await postJson(formId, person({ company: 'Someone else' }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('UnprocessableEntity');
    expect(detailPaths(other)).toEqual(['header.Idempotency-Key']);
    // The field is the same key as the header.
    const viaField = await postForm(
      formId,
      { name: 'Other', email: `o.${unique()}@example.com`, _idempotency_key: key },
      ACCEPT_JSON,
    );
    expect(viaField.status).toBe(422);
    expect(await countSubmissions(formId)).toBe(1);
  });

  it('lets one of two concurrent different submissions with one key through and refuses the other (422)', async () => {
    const formId = await leadForm();
    const key = `split-${unique()}`;
    const answers = await Promise.all([
      postJson(formId, person(), { 'idempotency-key': key }),
      postJson(formId, person(), { 'idempotency-key': key }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 422]);
    expect(await countSubmissions(formId)).toBe(1);
  });

  it('refuses a malformed Idempotency-Key (400) and writes nothing', async () => {
    const formId = await leadForm();
    for (const key of ['has space', 'ключ', 'k'.repeat(256), '']) {
      const answer = await postJson(formId, person(), { 'idempotency-key': key });
      expect(answer.status, key).toBe(400);
      expect(detailPaths(answer)).toEqual(['header.Idempotency-Key']);
    }
    expect(await countSubmissions(formId)).toBe(0);
  });

  it('without a key, treats an identical submission as the same one and a different one as new', async () => {
    const formId = await leadForm();
    const values = person({ email: `same.${unique()}@example.com` });
    const first = await postJson(formId, values);
    // The same content in another shape: spacing, e-mail case, key order, another body type.
    const again = await postJson(formId, {
      ...values,
      name: ` ${values.name} `,
      email: values.email.toUpperCase(),
    });
    const asBrowser = await postForm(
      formId,
      {
        seats: String(values.seats),
        consent: 'on',
        interest: values.interest,
        company: values.company,
        email: values.email,
        name: values.name,
      },
      ACCEPT_JSON,
    );
    expect([first.status, again.status, asBrowser.status]).toEqual([202, 202, 202]);
    expect(again.json.submissionId).toBe(first.json.submissionId);
    expect(asBrowser.json.submissionId).toBe(first.json.submissionId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const different = await postJson(formId, { ...values, seats: 13 });
    expect(different.status).toBe(202);
    expect(different.json.submissionId).not.toBe(first.json.submissionId);
    expect(await countSubmissions(formId)).toBe(2);
  });

  it('without a key, stores concurrent identical submissions once', async () => {
    const formId = await leadForm();
    const values = person();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postJson(formId, values)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(202));
    expect(new Set(answers.map((answer) => answer.json.submissionId)).size).toBe(1);
    expect(await countSubmissions(formId)).toBe(1);
  });

  describe('after ten minutes', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('without a key, takes an identical submission as a new one', async () => {
      const formId = await leadForm();
      const values = person();
      const first = await postJson(formId, values);
      expect(first.status).toBe(202);
      expect(await contentClaim(formId, values)).toMatchObject({ type: 'IdempotencyClaim' });
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 9 * 60 * 1000 });
      expect((await postJson(formId, values)).json.submissionId).toBe(first.json.submissionId);
      vi.setSystemTime(Date.now() + 2 * 60 * 1000 + 1000);
      const later = await postJson(formId, values);
      expect(later.status).toBe(202);
      expect(later.json.submissionId).not.toBe(first.json.submissionId);
      expect(await countSubmissions(formId)).toBe(2);
    });
  });
});

describe('CORS', () => {
  it('answers the preflight for an allowed origin (204) and refuses others (403)', async () => {
    const formId = await leadForm();
    const allowed = await options(formId, { origin: ALLOWED, 'access-control-request-method': 'POST' });
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      vary: 'Origin',
      'access-control-allow-methods': 'POST, OPTIONS',
    });
    expect(allowed.headers['access-control-allow-headers']).toContain('Idempotency-Key');
    const own = await options(formId, { origin: `http://${API_HOST}` });
    expect(own.status).toBe(204);
    expect(own.headers['access-control-allow-origin']).toBe(`http://${API_HOST}`);
    for (const origin of [
      'https://evil.example',
      'http://www.example.com',
      'https://www.example.com.evil.test',
      'null',
    ]) {
      const refused = await options(formId, { origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await options(ulid(), { origin: ALLOWED })).status).toBe(404);
  });

  it('refuses a post from an origin the form does not allow (403), nothing written', async () => {
    const formId = await leadForm();
    const key = `cors-${unique()}`;
    const answer = await postJson(formId, person(), {
      origin: 'https://evil.example',
      'idempotency-key': key,
    });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('Forbidden');
    const browser = await postForm(
      formId,
      { name: 'X', email: `x.${unique()}@example.com` },
      { origin: 'https://evil.example' },
    );
    expect(browser.status).toBe(403);
    expect(await countSubmissions(formId)).toBe(0);
    expect(await keyClaim(formId, key)).toBeUndefined();
  });

  it("accepts a post from an allowed origin and from the API's own origin, with the CORS headers", async () => {
    const formId = await leadForm();
    const allowed = await postJson(formId, person(), { origin: ALLOWED });
    expect(allowed.status).toBe(202);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(allowed.headers.vary).toBe('Origin');
    const own = await postForm(
      formId,
      { name: 'Embed', email: `embed.${unique()}@example.com` },
      { origin: `http://${API_HOST}` },
    );
    expect(own.status).toBe(303);
    expect(own.headers['access-control-allow-origin']).toBe(`http://${API_HOST}`);
    const origins = (await storedSubmissions(formId)).map((item) => item.origin).sort();
    expect(origins).toEqual([`http://${API_HOST}`, ALLOWED].sort());
  });
});

describe('redirect and listing', () => {
  it("sends a browser to the form's redirectUrl when it has one", async () => {
    const redirectUrl = 'https://www.example.com/thanks?from=form';
    const formId = await leadForm({ redirectUrl });
    const answer = await postForm(formId, { name: 'Redirected', email: `r.${unique()}@example.com` });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(redirectUrl);
    const json = await postJson(formId, person());
    expect(json.status).toBe(202);
    expect(json.headers.location).toBeUndefined();
    expect(await countSubmissions(formId)).toBe(2);
  });

  it('refuses a redirectUrl with control characters or another scheme when the form is made (400 naming it)', async () => {
    for (const redirectUrl of [
      'https://www.example.com/thanks\r\nSet-Cookie: session=stolen',
      'https://www.example.com/\nthanks',
      'https://www.example.com/\tthanks',
      'https://www.example.com/\u0000',
      'https://www.example.com/\u0085',
      'javascript:alert(1)',
      'ftp://www.example.com/thanks',
    ]) {
      const answer = await call(createForm, 'POST', {
        resource: '/forms',
        body: { ...LEAD_FORM, redirectUrl },
      });
      expect(answer.status, JSON.stringify(redirectUrl)).toBe(400);
      expect(detailPaths(answer)).toEqual(['redirectUrl']);
    }
  });

  it("lets the form's pages post to the API and be redirected to the redirectUrl's origin (CSP form-action)", async () => {
    const redirected = await leadForm({ redirectUrl: 'https://thanks.example.org:8443/done?x=1' });
    const embed = await callRaw(formEmbed, 'GET', {
      resource: '/forms/{id}/embed',
      params: { id: redirected },
    });
    expect(embed.status).toBe(200);
    const directives = (policy: string) =>
      Object.fromEntries(
        policy.split(';').map((directive) => {
          const [name = '', ...sources] = directive.trim().split(/\s+/);
          return [name, sources];
        }),
      );
    const policy = directives(embed.headers['content-security-policy'] ?? '');
    expect(policy['form-action']).toEqual(["'self'", 'https://thanks.example.org:8443']);
    expect(policy['frame-ancestors']).toEqual(["'self'", ALLOWED]);
    // The page a browser post gets back with its errors posts (and is redirected) the same way.
    const errorPage = await postForm(redirected, { name: 'No e-mail' });
    expect(errorPage.status).toBe(400);
    expect(directives(errorPage.headers['content-security-policy'] ?? '')).toEqual(policy);
    // Without a redirectUrl the thank-you page is the API's own: 'self' only.
    const plain = await callRaw(formEmbed, 'GET', {
      resource: '/forms/{id}/embed',
      params: { id: await leadForm() },
    });
    expect(directives(plain.headers['content-security-policy'] ?? '')['form-action']).toEqual(["'self'"]);
  });

  it('lists the submissions newest first with their status, page by page', async () => {
    const formId = await leadForm();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      ids.push((await postJson(formId, person({ seats: index }))).json.submissionId);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const all = await list(formId);
    expect(all.status).toBe(200);
    expect(all.json.items.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
    expect(all.json.items.map((item: { status: string }) => item.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(all.json.items[0]).toMatchObject({ formId, values: { seats: 2 }, channel: 'json' });
    expect(all.json.items[0]).not.toHaveProperty('pk');
    const first = await list(formId, { limit: '2' });
    expect(first.json.items).toHaveLength(2);
    const second = await list(formId, { limit: '2', cursor: first.json.nextCursor });
    expect(second.json.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
    expect((await list(ulid())).status).toBe(404);
  });
});

describe('edges: storable numbers, CORS on refusals, fields named like Object members', () => {
  it('a number DynamoDB cannot store is a 400 naming the field, not a 500', async () => {
    const formId = await leadForm();
    for (const seats of [1e20, 1e-200, '99999999999999999999']) {
      const answer = await postJson(formId, person({ seats }));
      expect(answer.status, String(seats)).toBe(400);
      expect(answer.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['seats']);
    }
  });

  it('an allowed origin gets the CORS headers on a refusal too, so its page can read it', async () => {
    const formId = await leadForm();
    const answer = await postJson(formId, { email: 'nope' }, { origin: ALLOWED });
    expect(answer.status).toBe(400);
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('a honeypot named like an Object.prototype member still lets people through', async () => {
    const formId = await leadForm({ honeypotField: 'constructor' });
    const answer = await postJson(formId, person());
    expect(answer.status).toBe(202);
    expect(await countSubmissions(formId)).toBe(1);
  });

  it('a field named like an Object.prototype member is refused when the form is made (400 naming it)', async () => {
    // Its value would be stored under that name, and the DynamoDB marshaller reads `value.constructor`.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
      const fields = [...LEAD_FORM.fields, { name, label: 'Anything else', type: 'text' }];
      const answer = await call(createForm, 'POST', { resource: '/forms', body: { ...LEAD_FORM, fields } });
      expect(answer.status, name).toBe(400);
      expect(detailPaths(answer), name).toEqual([`fields.${LEAD_FORM.fields.length}.name`]);
    }
  });
});
