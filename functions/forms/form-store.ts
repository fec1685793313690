// Forms and their submissions. A submission is one item under its form's partition, written before
// anything else happens; the automations that follow from it record their outcome on it.

import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { recordOf } from '../platform/entity.ts';
import { Invalid, NotFound, Stale } from '../platform/errors.ts';
import { LEAVE_PENDING } from '../platform/pending.ts';
import { reannounce, waitingSince } from '../platform/redrive.ts';
import {
  deleteVersioned,
  listByType,
  putNew,
  sendIfCondition,
  type TransactItem,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import * as z from '../platform/zod.ts';
import { formKey, formPartition, forms, SUBMISSION_PREFIX, submissionKey, submissions } from './entity.ts';
import {
  definitionOf,
  type Form,
  FormCreate,
  type FormListQuery,
  type FormPatch,
  keptFields,
  type Submission,
  type SubmissionListQuery,
  toForm,
} from './form.ts';

export const formItems = (form: Form): TransactItem[] => [putNew(forms.item(form))];

export async function getForm(id: string, consistent = false): Promise<Form> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: formKey(id), ConsistentRead: consistent }),
  );
  if (Item === undefined) throw new NotFound('Form', id);
  return toForm(Item);
}

/**
 * How long an instance serves a form's public routes (its page, the preflight, submissions) from the definition it
 * read last: a visitor's submission costs one call, not two, and a change reaches every instance within this.
 * The instance that made the change forgets its copy at once (the local runtime is one instance).
 */
export const PUBLIC_FORM_TTL_MS = 5_000;
const MAX_KEPT_FORMS = 256;
const kept = new Map<string, { readonly form: Form; readonly until: number }>();

/** The form as its public routes serve it: read at most every PUBLIC_FORM_TTL_MS per instance. */
export async function publishedForm(id: string): Promise<Form> {
  const now = Date.now();
  const hit = kept.get(id);
  if (hit !== undefined && hit.until > now) return hit.form;
  const form = await getForm(id);
  kept.delete(id);
  // The oldest read goes first: a flood of forms cannot grow an instance's memory.
  const oldest = kept.size >= MAX_KEPT_FORMS ? kept.keys().next().value : undefined;
  if (oldest !== undefined) kept.delete(oldest);
  kept.set(id, { form, until: now + PUBLIC_FORM_TTL_MS });
  return form;
}

/**
 * Remove a form (with If-Match, only that version): it takes no more submissions and its page is gone. What it
 * was sent stays — each submission under the form's id, processed or still to be, with what it produced.
 */
export const deleteForm = async (id: string, ifMatch: number | undefined) => {
  try {
    return await deleteVersioned<Form>({
      what: `Form ${id}`,
      read: () => getForm(id, true),
      key: () => formKey(id),
      ifMatch,
    });
  } finally {
    kept.delete(id);
  }
};

/**
 * Change a form on the version read (with If-Match, only from that version): the version goes up, so each
 * submission says which definition it was made against. The changed form must be one a create would accept
 * (400 naming each problem, nothing written).
 */
export const updateForm = async (id: string, patch: FormPatch, ifMatch: number | undefined, now: Date) => {
  try {
    return await changeForm(id, patch, ifMatch, now);
  } finally {
    kept.delete(id);
  }
};

const changeForm = (id: string, patch: FormPatch, ifMatch: number | undefined, now: Date) =>
  updateVersioned<Form>({
    what: `Form ${id}`,
    read: () => getForm(id, true),
    item: (form) => forms.item(form),
    ifMatch,
    attempts: 10,
    exhausted: () => new Stale(`Form ${id} changed meanwhile; read it again.`),
    change: (current) => {
      const next = withPatch(current, patch, now);
      const checked = z.safeParse(FormCreate, definitionOf(next));
      if (!checked.success) {
        throw new Invalid(
          checked.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.') || 'body',
            message: issue.message,
          })),
        );
      }
      return { ...next, fields: keptFields(checked.data.fields) };
    },
  });

export const listForms = (query: FormListQuery) => listByType(forms.indexes.all.type, query, toForm, true);

export const submissionItem = (submission: Submission) => submissions.item(submission);

export const toSubmission = (item: Record<string, unknown>) => recordOf<Submission>(item);

export async function getSubmission(formId: string, id: string): Promise<Submission | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: submissionKey(formId, id), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : toSubmission(Item);
}

/** A form's submissions, newest first, with their processing state. An unknown form is a 404. */
export async function listSubmissions(formId: string, query: SubmissionListQuery) {
  const pk = formPartition(formId);
  // Decoded before either read starts (see listUnderAccount): no read is left rejecting unobserved.
  const startKey = decodeCursor(query.cursor, ['pk', 'sk'], { pk });
  const [known, page] = await Promise.all([
    // A form deleted keeps what it was sent: its submissions are listed still.
    getForm(formId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof NotFound) return false;
        throw error;
      },
    ),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': SUBMISSION_PREFIX },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: startKey,
      }),
    ),
  ]);
  if (!known && (page.Items ?? []).length === 0 && startKey === undefined) throw new NotFound('Form', formId);
  return { items: (page.Items ?? []).map(toSubmission), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/** Record what a submission produced. Idempotent: a second delivery writes the same outcome again. */
export async function markProcessed(formId: string, id: string, produced: Record<string, string>, now: Date) {
  await documentClient.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: submissionKey(formId, id),
      UpdateExpression: `SET #status = :processed, produced = :produced, processedAt = :now, updatedBy = :actor REMOVE reason, ${LEAVE_PENDING}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':processed': 'processed',
        ':produced': produced,
        ':now': now.toISOString(),
      },
    }),
  );
}

/** Record why a submission's automation gave up, unless a later delivery already processed it. */
export async function markFailed(formId: string, id: string, reason: string, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: submissionKey(formId, id),
      UpdateExpression: `SET #status = :failed, reason = :reason, failedAt = :now, updatedBy = :actor REMOVE ${LEAVE_PENDING}`,
      ConditionExpression: 'attribute_exists(pk) AND #status <> :processed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':failed': 'failed',
        ':processed': 'processed',
        ':reason': reason.slice(0, 1000),
        ':now': now.toISOString(),
      },
    }),
  );
}

/** Submissions accepted before `before` and still waiting for their automation, oldest first. */
export const stalledSubmissions = (before: Date, limit: number) =>
  waitingSince(submissions.indexes.pending, before, limit, toSubmission);

/** Announce a stalled submission again (FormSubmitted, same event id); false once it is no longer waiting. */
export const reannounceSubmission = (submission: Pick<Submission, 'formId' | 'id'>, now: Date) =>
  reannounce(submissionKey(submission.formId, submission.id), 'status', ['accepted'], now);
