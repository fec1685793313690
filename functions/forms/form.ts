// Form: a web form a business puts on its site (lead, support or contact), what a page needs to render
// it, and the validation of what a visitor sends through it. Submission: one accepted sending, stored raw
// before anything else happens; the automations record what it produced.

import { ulid } from 'ulid';
import { normaliseEmail, RELATIONSHIPS } from '../accounts/index.ts';
import { recordOf } from '../platform/entity.ts';
import type { ErrorDetail } from '../platform/errors.ts';
import { authorship, Cursor, Id, isStorableNumber, Limit, notReservedName } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const FORM_KINDS = ['lead', 'support', 'contact'] as const;
export const FIELD_TYPES = ['text', 'email', 'phone', 'textarea', 'select', 'number', 'checkbox'] as const;

const FIELD_NAME = /^[A-Za-z][\w-]{0,63}$/;
const DEFAULT_MAX_LENGTH = {
  text: 200,
  email: 254,
  phone: 32,
  textarea: 5000,
  select: 200,
  number: 32,
  checkbox: 5,
};

const Origin = /* @__PURE__ */ (() =>
  z.string().check(
    z.refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
      } catch {
        return false;
      }
    }, 'Must be an origin such as https://www.example.com (scheme, host, optional port; no path).'),
  ))();
// It becomes a Location header: a control character would split or break it (the URL parser itself drops
// tabs and line breaks, so they are refused before it sees them).
const HttpUrl = /* @__PURE__ */ (() =>
  z.string().check(
    z.maxLength(2000),
    z.refine((value) => {
      if (/\p{Cc}/u.test(value)) return false;
      try {
        return ['https:', 'http:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'Must be an http(s) URL, without control characters (line breaks, tabs…).'),
  ))();

export const FieldDefinition = /* @__PURE__ */ (() =>
  z.strictObject({
    // A submission stores each value under its field's name.
    name: z
      .string()
      .check(z.regex(FIELD_NAME, 'A letter, then up to 63 of [A-Za-z0-9_-].'), notReservedName()),
    label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    type: z.enum(FIELD_TYPES),
    required: z._default(z.boolean(), false),
    maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
    options: z.optional(
      z
        .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
        .check(z.minLength(1), z.maxLength(100)),
    ),
  }))();
export type FieldDefinition = z.infer<typeof FieldDefinition>;

const FormName = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();
const Fields = /* @__PURE__ */ (() => z.array(FieldDefinition).check(z.minLength(1), z.maxLength(50)))();
const Honeypot = /* @__PURE__ */ (() =>
  z.string().check(z.regex(FIELD_NAME, 'A letter, then up to 63 of [A-Za-z0-9_-].')))();
const Origins = /* @__PURE__ */ (() => z.array(Origin).check(z.maxLength(20)))();
const Description = /* @__PURE__ */ (() => z.string().check(z.maxLength(2000)))();
const SubmitLabel = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(60)))();

export const FormCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: FormName,
      kind: z.enum(FORM_KINDS),
      fields: Fields,
      honeypotField: z._default(Honeypot, 'website'),
      allowedOrigins: z._default(Origins, []),
      redirectUrl: z.optional(HttpUrl),
      relationship: z._default(z.enum(RELATIONSHIPS), 'customer'),
      description: z.optional(Description),
      submitLabel: z._default(SubmitLabel, 'Send'),
    })
    .check(
      z.superRefine((form, context) => {
        const names = form.fields.map((field) => field.name);
        names.forEach((name, index) => {
          if (names.indexOf(name) !== index) {
            context.addIssue({
              code: 'custom',
              path: ['fields', index, 'name'],
              message: `Field ${name} appears twice.`,
            });
          }
          if (name === form.honeypotField || name.startsWith('_')) {
            context.addIssue({
              code: 'custom',
              path: ['fields', index, 'name'],
              message: `${name} is reserved.`,
            });
          }
        });
        form.fields.forEach((field, index) => {
          if (field.type === 'select' && field.options === undefined) {
            context.addIssue({
              code: 'custom',
              path: ['fields', index, 'options'],
              message: 'A select needs options.',
            });
          }
        });
        const email = form.fields.find((field) => field.name === 'email');
        if (email === undefined || email.type !== 'email' || !email.required) {
          context.addIssue({
            code: 'custom',
            path: ['fields'],
            message:
              'Every form needs a required field named "email" of type email (it finds or creates the contact).',
          });
        }
        if (
          form.kind === 'support' &&
          !form.fields.some((field) => field.name === 'problem' && field.required)
        ) {
          context.addIssue({
            code: 'custom',
            path: ['fields'],
            message: 'A support form needs a required field named "problem".',
          });
        }
      }),
      z.meta({ id: 'FormCreate' }),
    ))();
export type FormCreate = z.infer<typeof FormCreate>;

/**
 * What may change on a form: all but its kind (which says what its submissions become: make another form).
 * The form after the change is checked whole, as a new one is (a required e-mail field, no field twice…).
 */
export const FormPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(FormName),
      fields: z.optional(Fields),
      honeypotField: z.optional(Honeypot),
      allowedOrigins: z.optional(Origins),
      redirectUrl: z.optional(z.nullable(HttpUrl)),
      relationship: z.optional(z.enum(RELATIONSHIPS)),
      description: z.optional(z.nullable(Description)),
      submitLabel: z.optional(SubmitLabel),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({
        id: 'FormPatch',
        description:
          'Fields to change (null removes redirectUrl or description); the changed form must be valid as a new one. Submissions keep the version they were made against (formVersion).',
      }),
    ))();
export type FormPatch = z.infer<typeof FormPatch>;

/** The definition a form is checked by: what FormCreate describes, taken from the form as it is. */
export const definitionOf = (form: Form): Record<string, unknown> => {
  const {
    id: _id,
    createdAt: _c,
    createdBy: _cb,
    updatedAt: _u,
    updatedBy: _ub,
    version: _v,
    ...definition
  } = form;
  return definition;
};

/** A field as kept: options only on a select. */
export const keptFields = (fields: readonly FieldDefinition[]) =>
  fields.map((field) => (field.type === 'select' ? field : (({ options: _, ...rest }) => rest)(field)));

export const Form = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      name: z.string(),
      kind: z.enum(FORM_KINDS),
      fields: z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          type: z.enum(FIELD_TYPES),
          required: z.boolean(),
          maxLength: z.optional(z.number()),
          options: z.optional(z.array(z.string())),
        }),
      ),
      honeypotField: z.string(),
      allowedOrigins: z.array(z.string()),
      redirectUrl: z.optional(z.string()),
      relationship: z.enum(RELATIONSHIPS),
      description: z.optional(z.string()),
      submitLabel: z.string(),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Form' })))();
export type Form = z.infer<typeof Form>;

/** What GET /forms/{id} shows the public: how to render and where to post, not who may embed it. */
export const PublicForm = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      name: z.string(),
      kind: z.enum(FORM_KINDS),
      description: z.optional(z.string()),
      fields: Form.shape.fields,
      honeypotField: z.string(),
      submitLabel: z.string(),
      submitUrl: z.string(),
    })
    .check(z.meta({ id: 'PublicForm' })))();

export const FormPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
/** `?submitted`: the thank-you page a browser post lands on. */
export const EmbedQuery = /* @__PURE__ */ (() => z.object({ submitted: z.optional(z.string()) }))();
export const FormListQuery = /* @__PURE__ */ (() => z.strictObject({ limit: Limit(50), cursor: Cursor }))();
export type FormListQuery = z.infer<typeof FormListQuery>;

export function newForm(input: FormCreate, now: Date): Form {
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    fields: keptFields(input.fields),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export const toForm = (item: Record<string, unknown>) => recordOf<Form>(item);

/**
 * Where a browser post lands: the form's redirectUrl as the URL parser writes it (ASCII only, so it is a valid
 * Location header even for a form stored before control characters were refused), else the thank-you page.
 */
export function redirectTarget(form: Pick<Form, 'redirectUrl'>): string {
  return form.redirectUrl === undefined ? 'embed?submitted=1' : new URL(form.redirectUrl).href;
}

export function publicForm(form: Form) {
  return {
    id: form.id,
    name: form.name,
    kind: form.kind,
    ...(form.description === undefined ? {} : { description: form.description }),
    fields: form.fields,
    honeypotField: form.honeypotField,
    submitLabel: form.submitLabel,
    submitUrl: `/forms/${form.id}/submissions`,
  };
}

export type SubmittedValue = string | number | boolean;

/** Control characters other than tab and line breaks have no business in a form field. */
function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return true;
  }
  return false;
}

/**
 * Check what a visitor sent against the form: every field named in the details, none of it trusted.
 * Returns the cleaned values (trimmed strings, numbers, booleans, e-mail normalised) or the errors.
 */
export function validateSubmission(
  form: Form,
  raw: Readonly<Record<string, unknown>>,
): { values: Record<string, SubmittedValue>; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const values: Record<string, SubmittedValue> = {};
  const known = new Set(form.fields.map((field) => field.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) errors.push({ path: name.slice(0, 100), message: 'Unknown field.' });
  }
  for (const field of form.fields) {
    const value = raw[field.name];
    const fail = (message: string) => errors.push({ path: field.name, message });
    if (field.type === 'checkbox') {
      if (value === undefined || value === false || value === 'false' || value === '') {
        if (field.required) fail('Required.');
        else values[field.name] = false;
      } else if (value === true || value === 'on' || value === 'true' || value === 'yes' || value === '1') {
        values[field.name] = true;
      } else fail('Must be checked or not (on/true).');
      continue;
    }
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (field.required) fail('Required.');
      continue;
    }
    if (field.type === 'number') {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
      if (!isStorableNumber(number) || (typeof value === 'string' && value.trim().length > 32)) {
        fail(`Must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}.`);
      } else values[field.name] = number;
      continue;
    }
    if (typeof value !== 'string') {
      fail('Must be text.');
      continue;
    }
    const text = value.trim();
    const maxLength = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
    if ([...text].length > maxLength) {
      fail(`At most ${maxLength} characters.`);
      continue;
    }
    if (hasControlCharacters(text)) {
      fail('Contains control characters.');
      continue;
    }
    if (field.type === 'email') {
      if (!z.safeParse(z.email(), text).success) fail('Must be an e-mail address.');
      else values[field.name] = normaliseEmail(text);
    } else if (field.type === 'phone') {
      if (!/^\+?[0-9 ()./-]{3,32}$/.test(text)) fail('Must be a phone number (digits, spaces, + ( ) . / -).');
      else values[field.name] = text;
    } else if (field.type === 'select') {
      if (!(field.options ?? []).includes(text)) fail(`Must be one of: ${(field.options ?? []).join(', ')}.`);
      else values[field.name] = text;
    } else values[field.name] = text;
  }
  return { values, errors };
}

export const SUBMISSION_STATES = ['accepted', 'processed', 'failed'] as const;

export const Submission = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      formId: Id,
      kind: z.enum(FORM_KINDS),
      relationship: z.enum(RELATIONSHIPS),
      values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      receivedAt: z.string(),
      channel: z.enum(['json', 'browser']),
      origin: z.optional(z.string()),
      userAgent: z.optional(z.string()),
      /** The form's version it was made against (absent on submissions from before forms were versioned). */
      formVersion: z.optional(z.int()),
      status: z.enum(SUBMISSION_STATES),
      reason: z.optional(z.string()),
      produced: z.optional(z.record(z.string(), z.string())),
      processedAt: z.optional(z.string()),
      /** When the reconciler last announced it again, and how often it did (it had stalled). */
      redrivenAt: z.optional(z.string()),
      redrives: z.optional(z.int()),
      version: z.int(),
    })
    .check(z.meta({ id: 'Submission' })))();
export type Submission = z.infer<typeof Submission>;
export const SubmissionListQuery = /* @__PURE__ */ (() =>
  z.strictObject({ limit: Limit(25), cursor: Cursor }))();
export type SubmissionListQuery = z.infer<typeof SubmissionListQuery>;
