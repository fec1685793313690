// FormSubmitted (kind contact) → the records a contact form produces (see forms/automations.ts). Safe to
// deliver twice or out of order: each record is written once, keyed on the submission.
import { FormSubmittedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { processContact } from '../automations.ts';

export const handler = eventHandler(
  FormSubmittedDetail,
  async ({ data: submission }) => ({
    submissionId: submission.id,
    produced: await processContact(submission, new Date()),
  }),
  { message: 'contact submission processed' },
);
