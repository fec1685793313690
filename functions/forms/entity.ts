// Where forms and their submissions are kept: a form's partition holds the form and, under their own prefix,
// its submissions (in arrival order: ids are ULIDs); forms are listed from the type index.
import { byType, entity } from '../platform/entity.ts';
import { pendingIndex } from '../platform/pending.ts';
import type { Form, Submission } from './form.ts';

export const formPartition = (formId: string) => `FORM#${formId}`;

export const formKey = (formId: string) => ({ pk: formPartition(formId), sk: 'FORM' }) as const;

export const forms = /* @__PURE__ */ entity({
  type: 'Form',
  key: (form: Form) => formKey(form.id),
  indexes: { all: /* @__PURE__ */ byType<Form>('FORM') },
});

export const SUBMISSION_PREFIX = 'SUBMISSION#';
export const submissionKey = (formId: string, submissionId: string) =>
  ({ pk: formPartition(formId), sk: `${SUBMISSION_PREFIX}${submissionId}` }) as const;

export const submissions = /* @__PURE__ */ entity({
  type: 'Submission',
  key: (submission: Submission) => submissionKey(submission.formId, submission.id),
  indexes: {
    /** Accepted and not processed (or failed) yet, oldest first: what the reconciler looks at. */
    pending: /* @__PURE__ */ pendingIndex<Submission>(
      'SUBMISSION#PENDING',
      (submission) => submission.status === 'accepted',
      (submission) => submission.receivedAt,
    ),
  },
});
