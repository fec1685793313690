// POST /forms/{id}/submissions (public): a visitor's submission, validated against the form and stored
// once — nothing else happens here. The FormSubmitted event follows from the table's stream.
// JSON callers get 202 {submissionId}; a browser post gets 303 to the thank-you page (or the page again
// with its errors). A retry with the same Idempotency-Key — or, without one, the same content within
// 10 minutes — is the same submission.

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { Invalid } from '../../platform/errors.ts';
import {
  type HttpResponse,
  html,
  isJsonMediaType,
  json,
  publicHttpHandler,
  readIdempotencyKey,
  readText,
  toHttpError,
} from '../../platform/http.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { createOnce, fingerprint, putNew } from '../../platform/store.ts';
import { corsHeaders } from '../cors.ts';
import { type Form, publicForm, redirectTarget, type Submission, validateSubmission } from '../form.ts';
import { parseFormBody } from '../form-body.ts';
import { formPagePolicy, newIdempotencyKey, renderFormPage } from '../form-page.ts';
import { publishedForm, submissionItem } from '../form-store.ts';
import * as routes from '../routes.ts';

export const MAX_SUBMISSION_BYTES = 16 * 1024;
const KEY_FIELD = '_idempotency_key';
const KEY_TTL_SECONDS = 24 * 3600;
const SAME_CONTENT_TTL_SECONDS = 10 * 60;

export const handler = publicHttpHandler(routes.submitForm, async ({ params, event, header }) => {
  const form = await publishedForm(params.id);
  const cors = corsHeaders(form.allowedOrigins, event);
  try {
    return await accept(form, cors, event, header);
  } catch (error) {
    // A refusal must reach the page that asked: an allowed origin gets its CORS headers on 4xx answers too.
    const refusal = toHttpError(error);
    if (refusal instanceof HttpError) {
      throw new HttpError(refusal.statusCode, refusal.code, refusal.message, refusal.details, {
        ...refusal.headers,
        ...cors,
      });
    }
    throw error;
  }
});

async function accept(
  form: Form,
  cors: Record<string, string>,
  event: APIGatewayProxyEvent,
  header: (name: string) => string | undefined,
): Promise<HttpResponse> {
  const contentType = header('content-type');
  const browser = !isJsonMediaType(contentType) && !(header('accept') ?? '').includes('application/json');
  const raw = await parseFormBody(readText(event, MAX_SUBMISSION_BYTES), contentType);

  const fieldKey = raw[KEY_FIELD];
  const trap = raw[form.honeypotField];
  delete raw[KEY_FIELD];
  delete raw[form.honeypotField];
  const done = (submissionId: string): HttpResponse =>
    browser
      ? { statusCode: 303, headers: { ...cors, Location: redirectTarget(form) } }
      : json(202, { submissionId }, cors);

  // A filled honeypot is a bot: it gets what a person gets, and nothing is written or announced.
  if (trap !== undefined && trap !== '' && trap !== null) return done(ulid());

  const { values, errors } = validateSubmission(form, raw);
  if (errors.length > 0) {
    if (!browser) throw new Invalid(errors, 'The submission is not valid.');
    const shown = Object.fromEntries(
      Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    return html(
      400,
      renderFormPage(publicForm(form), {
        values: shown,
        errors,
        idempotencyKey: newIdempotencyKey(),
        action: 'submissions',
      }),
      // Posted again from here, it must reach the redirectUrl too.
      { ...cors, 'Content-Security-Policy': formPagePolicy(form) },
    );
  }

  const key = readIdempotencyKey(
    header('idempotency-key') ?? (typeof fieldKey === 'string' ? fieldKey : undefined),
  );
  const now = new Date();
  const submission: Submission = {
    id: ulid(now.getTime()),
    formId: form.id,
    kind: form.kind,
    relationship: form.relationship,
    values,
    formVersion: form.version,
    receivedAt: now.toISOString(),
    channel: browser ? 'browser' : 'json',
    ...(header('origin') === undefined ? {} : { origin: header('origin')?.slice(0, 200) }),
    ...(header('user-agent') === undefined ? {} : { userAgent: header('user-agent')?.slice(0, 300) }),
    status: 'accepted',
    version: 1,
  };
  const { record, replayed } = await createOnce(
    [putNew(submissionItem(submission))],
    { submissionId: submission.id },
    key === undefined
      ? {
          key: fingerprint(values),
          scope: `form:${form.id}:content`,
          payload: values,
          ttlSeconds: SAME_CONTENT_TTL_SECONDS,
        }
      : { key, scope: `form:${form.id}`, payload: values, ttlSeconds: KEY_TTL_SECONDS },
    (refused) => refused,
  );
  const response = done(record.submissionId);
  return replayed
    ? { ...response, headers: { ...response.headers, 'Idempotent-Replayed': 'true' } }
    : response;
}
