// Where forms and their submissions are kept: a form's partition holds the form and, under their own prefix,
// its submissions (in arrival order: ids are ULIDs); forms are listed from the type index. And the intake's
// claims: which account a company domain's leads join, and which task is a contact's open follow-up.
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

/** The claim on a company e-mail domain: the account its new contacts join (the first account to have it). */
export const domainClaimKey = (domain: string) => ({ pk: `DOMAIN#${domain}`, sk: 'DOMAIN' }) as const;

export const domainClaimItem = (domain: string, accountId: string, at: string) => ({
  ...domainClaimKey(domain),
  type: 'DomainClaim',
  accountId,
  createdAt: at,
});

/**
 * The claim on a contact's follow-up: the "Follow up" task a repeat lead of theirs adds to while it is open.
 * Moved to a new task (on the condition it still names the old one) once that one is done or full.
 */
export const followUpClaimKey = (contactId: string) =>
  ({ pk: `FOLLOWUP#${contactId}`, sk: 'FOLLOWUP' }) as const;

export const followUpClaimItem = (contactId: string, taskId: string, at: string) => ({
  ...followUpClaimKey(contactId),
  type: 'FollowUpClaim',
  taskId,
  updatedAt: at,
});
