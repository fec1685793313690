// The public form as a standalone HTML page (and its thank-you page): works with JavaScript off, shows the
// server's errors next to their fields, and escapes everything that came from the form's owner or a visitor.
import { randomUUID } from 'node:crypto';
import { pagePolicy } from '../platform/http-headers.ts';
import { escapeHtml as html, page } from '../platform/page.ts';
import type { Form, publicForm } from './form.ts';

export type FormView = ReturnType<typeof publicForm>;
type Field = FormView['fields'][number];

export interface FormPageState {
  /** What the visitor typed, re-filled when the page comes back with errors. */
  readonly values?: Readonly<Record<string, string | number | boolean>>;
  /** Field errors (path = field name); any other path is shown in the summary only. */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  readonly idempotencyKey: string;
  /** The form's action attribute: relative, so the page works under any stage or custom domain. */
  readonly action: string;
}

function control(
  field: Field,
  id: string,
  value: string | number | boolean | undefined,
  aria: string,
): string {
  const name = html(field.name);
  const required = field.required ? ' required' : '';
  const maxlength = field.maxLength === undefined ? '' : ` maxlength="${html(field.maxLength)}"`;
  const text = value === undefined || typeof value === 'boolean' ? '' : html(value);
  switch (field.type) {
    case 'textarea':
      return `<textarea id="${id}" name="${name}"${required}${maxlength}${aria}>${text}</textarea>`;
    case 'select': {
      const options = (field.options ?? []).map(
        (option) =>
          `<option value="${html(option)}"${option === value ? ' selected' : ''}>${html(option)}</option>`,
      );
      return `<select id="${id}" name="${name}"${required}${aria}><option value="">Choose…</option>${options.join('')}</select>`;
    }
    case 'checkbox': {
      const checked = value === true || value === 'on' || value === 'true' ? ' checked' : '';
      return `<input type="checkbox" id="${id}" name="${name}" value="on"${required}${checked}${aria}>`;
    }
    default: {
      const type = field.type === 'phone' ? 'tel' : field.type;
      const autocomplete =
        field.type === 'email'
          ? ' autocomplete="email"'
          : field.type === 'phone'
            ? ' autocomplete="tel"'
            : '';
      return `<input type="${html(type)}" id="${id}" name="${name}" value="${text}"${required}${maxlength}${autocomplete}${aria}>`;
    }
  }
}

function fieldBlock(
  field: Field,
  value: string | number | boolean | undefined,
  messages: readonly string[],
): string {
  const id = `field-${html(field.name)}`;
  const errorId = `${id}-error`;
  const invalid = messages.length > 0;
  const aria = invalid ? ` aria-invalid="true" aria-describedby="${errorId}"` : '';
  const label = `<label for="${id}">${html(field.label)}${field.required ? ' <span aria-hidden="true">*</span>' : ''}</label>`;
  const error = invalid ? `<p class="e" id="${errorId}">${messages.map(html).join(' ')}</p>` : '';
  const input = control(field, id, value, aria);
  return field.type === 'checkbox'
    ? `<div class="f c">${input} ${label}${error}</div>`
    : `<div class="f">${label}${error}${input}</div>`;
}

export function renderFormPage(form: FormView, state: FormPageState): string {
  const errors = state.errors ?? [];
  const byField = new Map<string, string[]>();
  for (const field of form.fields) byField.set(field.name, []);
  for (const error of errors) byField.get(error.path)?.push(error.message);

  const summary =
    errors.length === 0
      ? ''
      : `<div class="s" role="alert" aria-labelledby="summary-title"><h2 id="summary-title">There is a problem</h2><ul>${errors
          .map((error) => {
            const field = form.fields.find((candidate) => candidate.name === error.path);
            return field === undefined
              ? `<li>${html(error.message)}</li>`
              : `<li><a href="#field-${html(field.name)}">${html(field.label)}: ${html(error.message)}</a></li>`;
          })
          .join('')}</ul></div>`;
  const fields = form.fields.map((field) =>
    fieldBlock(field, state.values?.[field.name], byField.get(field.name) ?? []),
  );
  const honeypot = html(form.honeypotField);
  const body = `<h1>${html(form.name)}</h1>
${form.description === undefined ? '' : `<p>${html(form.description)}</p>`}
${summary}
<form method="post" action="${html(state.action)}" enctype="application/x-www-form-urlencoded" novalidate>
<p>Fields marked * are required.</p>
${fields.join('\n')}
<div class="hp" aria-hidden="true"><label for="hp-${honeypot}">Leave this empty</label><input type="text" id="hp-${honeypot}" name="${honeypot}" value="" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="_idempotency_key" value="${html(state.idempotencyKey)}">
<button type="submit">${html(form.submitLabel)}</button>
</form>`;
  return page(errors.length === 0 ? form.name : `Error: ${form.name}`, body);
}

export function renderThankYouPage(form: FormView): string {
  return page(
    `Thank you: ${form.name}`,
    `<h1>Thank you</h1>
<p>We have received your message and will be in touch soon.</p>
<p><a href="embed">Send another</a></p>`,
  );
}

export function newIdempotencyKey(): string {
  return randomUUID();
}

/**
 * The policy of a form's pages (the form, the form again with its errors, the thank-you page): framed only by
 * the sites the form names, posting to the API — and redirected, after the post, to the redirectUrl's origin,
 * which browsers check against form-action too (with `'self'` alone the visitor would stay on the form).
 */
export function formPagePolicy(form: Pick<Form, 'allowedOrigins' | 'redirectUrl'>): string {
  return pagePolicy(
    `'self' ${form.allowedOrigins.join(' ')}`.trim(),
    form.redirectUrl === undefined ? [] : [new URL(form.redirectUrl).origin],
  );
}
