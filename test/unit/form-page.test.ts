// The public form page as HTML: labelled controls, errors beside their fields and in a summary, values
// kept, the honeypot out of reach, and nothing from the form's owner or a visitor left unescaped.
import { describe, expect, it } from 'vitest';
import { FormCreate, newForm, publicForm } from '../../functions/forms/form.ts';
import {
  type FormView,
  newIdempotencyKey,
  renderFormPage,
  renderThankYouPage,
} from '../../functions/forms/form-page.ts';
import * as z from '../../functions/platform/zod.ts';

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const QUOTES = `O'Brien "Bob" & co`;
const escaped = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

function view(input: Record<string, unknown> = {}): FormView {
  const create = z.parse(FormCreate, {
    name: 'Contact sales',
    kind: 'lead',
    fields: [
      { name: 'name', label: 'Your name', type: 'text', required: true, maxLength: 80 },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
      { name: 'phone', label: 'Phone', type: 'phone' },
      { name: 'size', label: 'Team size', type: 'number' },
      { name: 'message', label: 'Message', type: 'textarea' },
      { name: 'product', label: 'Product', type: 'select', options: ['Basic', 'Pro'] },
      { name: 'consent', label: 'Keep me posted', type: 'checkbox' },
    ],
    ...input,
  });
  return publicForm(newForm(create, new Date('2026-01-01T00:00:00Z')));
}

const render = (form: FormView, state: Partial<Parameters<typeof renderFormPage>[1]> = {}) =>
  renderFormPage(form, { idempotencyKey: 'key-1', action: 'submissions', ...state });

/** The opening tag of the element with this id. */
function tag(page: string, id: string): string {
  const match = page.match(new RegExp(`<(input|textarea|select)[^>]*\\bid="${id}"[^>]*>`));
  if (match === null) throw new Error(`no control with id ${id}`);
  return match[0];
}

describe('renderFormPage', () => {
  it('is a standalone, JS-free HTML page posting urlencoded to the action without browser validation', () => {
    const page = render(view({ description: 'We answer within a day.' }));
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('name="viewport"');
    expect(page).toContain('<title>Contact sales</title>');
    expect(page).toContain('<h1>Contact sales</h1>');
    expect(page).toContain('We answer within a day.');
    expect(page).not.toMatch(/<script|<link|src=/i);
    expect(page).toMatch(
      /<form method="post" action="submissions" enctype="application\/x-www-form-urlencoded" novalidate>/,
    );
    expect(page).toContain('<button type="submit">Send</button>');
    expect(page).not.toContain('role="alert"');
  });

  it('labels every field and gives it the right control, required and maxlength', () => {
    const page = render(view());
    for (const [name, label] of [
      ['name', 'Your name'],
      ['email', 'E-mail'],
      ['phone', 'Phone'],
      ['size', 'Team size'],
      ['message', 'Message'],
      ['product', 'Product'],
      ['consent', 'Keep me posted'],
    ]) {
      expect(page).toMatch(new RegExp(`<label for="field-${name}">${label}`));
      expect(tag(page, `field-${name}`)).toContain(`name="${name}"`);
    }
    expect(tag(page, 'field-name')).toMatch(/^<input type="text"/);
    expect(tag(page, 'field-name')).toContain(' required');
    expect(tag(page, 'field-name')).toContain('maxlength="80"');
    expect(tag(page, 'field-email')).toMatch(/^<input type="email"/);
    expect(tag(page, 'field-email')).toContain(' required');
    expect(tag(page, 'field-phone')).toMatch(/^<input type="tel"/);
    expect(tag(page, 'field-phone')).not.toContain('required');
    expect(tag(page, 'field-phone')).not.toContain('maxlength');
    expect(tag(page, 'field-size')).toMatch(/^<input type="number"/);
    expect(tag(page, 'field-message')).toMatch(/^<textarea/);
    expect(tag(page, 'field-product')).toMatch(/^<select/);
    expect(tag(page, 'field-consent')).toMatch(/^<input type="checkbox"/);
    expect(page).not.toContain('aria-invalid="true"');
  });

  it('renders select options after an empty "Choose…" and marks the chosen one selected', () => {
    const page = render(view(), { values: { product: 'Pro' } });
    expect(page).toContain(
      '<option value="">Choose…</option><option value="Basic">Basic</option><option value="Pro" selected>Pro</option>',
    );
    expect(render(view())).not.toContain(' selected');
  });

  it('checks a checkbox only when its value is true', () => {
    expect(tag(render(view(), { values: { consent: true } }), 'field-consent')).toContain(' checked');
    expect(tag(render(view(), { values: { consent: false } }), 'field-consent')).not.toContain('checked');
    expect(tag(render(view()), 'field-consent')).not.toContain('checked');
  });

  it('re-fills what the visitor typed', () => {
    const page = render(view(), {
      values: { name: 'Ada', email: 'ada@', size: 12, message: 'Hello\nthere', phone: '+44 20' },
    });
    expect(tag(page, 'field-name')).toContain('value="Ada"');
    expect(tag(page, 'field-email')).toContain('value="ada@"');
    expect(tag(page, 'field-size')).toContain('value="12"');
    expect(tag(page, 'field-phone')).toContain('value="+44 20"');
    expect(page).toContain('>Hello\nthere</textarea>');
  });

  it('puts each error next to its field, ties it with aria, and lists every error in the summary', () => {
    const page = render(view(), {
      values: { name: 'Ada', email: 'ada@' },
      errors: [
        { path: 'email', message: 'Must be an e-mail address.' },
        { path: 'body', message: 'Too many submissions.' },
      ],
    });
    const email = tag(page, 'field-email');
    expect(email).toContain('aria-invalid="true"');
    expect(email).toContain('aria-describedby="field-email-error"');
    expect(page).toMatch(
      /<label for="field-email">E-mail[\s\S]*?<p class="e" id="field-email-error">Must be an e-mail address\.<\/p><input type="email" id="field-email"/,
    );
    expect(tag(page, 'field-name')).not.toContain('aria-invalid');
    expect(page).not.toContain('id="field-name-error"');

    const summary = page.match(/<div class="s" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(summary).toContain('There is a problem');
    expect(summary).toContain('<a href="#field-email">E-mail: Must be an e-mail address.</a>');
    expect(summary).toContain('<li>Too many submissions.</li>');
    // An error that is not about a field appears in the summary only.
    expect(page.split('Too many submissions.').length).toBe(2);
    expect(page).toContain('<title>Error: Contact sales</title>');
  });

  it('joins several errors on one field into its one error text', () => {
    const page = render(view(), {
      errors: [
        { path: 'name', message: 'Required.' },
        { path: 'name', message: 'Too short.' },
      ],
    });
    expect(page).toContain('<p class="e" id="field-name-error">Required. Too short.</p>');
  });

  it('hides the honeypot from people and assistive tech, and carries the idempotency key', () => {
    const page = render(view({ honeypotField: 'homepage' }), { idempotencyKey: 'abc-123' });
    const honeypot = page.match(/<div class="hp"[^>]*>[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(honeypot).toContain('aria-hidden="true"');
    expect(honeypot).toContain('Leave this empty');
    expect(honeypot).toMatch(/<input [^>]*name="homepage"[^>]*>/);
    expect(honeypot).toContain('tabindex="-1"');
    expect(honeypot).toContain('autocomplete="off"');
    expect(page).toMatch(/\.hp\{position:absolute;left:-10000px/);
    expect(page).toContain('<input type="hidden" name="_idempotency_key" value="abc-123">');
  });

  it('escapes every text from the form or the visitor, in text and in attributes', () => {
    const form = view({
      name: `${SCRIPT} ${QUOTES}`,
      description: `${BREAKOUT} ${SCRIPT}`,
      submitLabel: `${QUOTES}`,
      fields: [
        { name: 'name', label: `${SCRIPT}${BREAKOUT}`, type: 'text', required: true },
        { name: 'email', label: QUOTES, type: 'email', required: true },
        { name: 'product', label: 'Product', type: 'select', options: [BREAKOUT, SCRIPT, QUOTES] },
        { name: 'message', label: 'Message', type: 'textarea' },
      ],
    });
    const page = render(form, {
      action: `submissions${BREAKOUT}`,
      idempotencyKey: BREAKOUT,
      values: { name: BREAKOUT, email: QUOTES, product: BREAKOUT, message: `</textarea>${SCRIPT}` },
      errors: [
        { path: 'email', message: `${SCRIPT}${BREAKOUT}` },
        { path: 'body', message: `${BREAKOUT}${QUOTES}` },
      ],
    });
    for (const hostile of [SCRIPT, BREAKOUT, QUOTES]) {
      expect(page).not.toContain(hostile);
      expect(page).toContain(escaped(hostile));
    }
    expect(page).not.toMatch(/<script|<img|<\/textarea>&lt;|onerror=alert\(1\)>/i);
    expect(page).toContain(`<option value="${escaped(BREAKOUT)}" selected>${escaped(BREAKOUT)}</option>`);
    expect(page).toContain(`value="${escaped(BREAKOUT)}"`);
    expect(page).toContain(`action="submissions${escaped(BREAKOUT)}"`);
    expect(page).toContain(`&lt;/textarea&gt;${escaped(SCRIPT)}</textarea>`);
    expect(page).toContain(`<button type="submit">${escaped(QUOTES)}</button>`);
    // Every attribute value stays one attribute: no quote from the data closes one early.
    for (const [, attributes] of page.matchAll(
      /<(?:input|select|textarea|option|form|a|label|p|div)\b([^>]*)>/g,
    ))
      expect(attributes).toMatch(/^(\s+[\w-]+(="[^"<>]*")?)*$/);
  });
});

describe('renderThankYouPage', () => {
  it('thanks the visitor and links back to the form', () => {
    const page = renderThankYouPage(view({ name: SCRIPT }));
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<h1>Thank you</h1>');
    expect(page).toContain('<a href="embed">');
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain(escaped(SCRIPT));
  });
});

describe('newIdempotencyKey', () => {
  it('is a fresh UUID each time', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });
});
