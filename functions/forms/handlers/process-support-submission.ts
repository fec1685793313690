// FormSubmitted (kind support) → the records a support form produces (see forms/automations.ts). Safe to
// deliver twice or out of order: each record is written once, keyed on the submission.
import { FormSubmittedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { processSupport } from '../automations.ts';

export const handler = eventHandler(
  FormSubmittedDetail,
  async ({ data: submission }) => ({
    submissionId: submission.id,
    produced: await processSupport(submission, new Date()),
  }),
  { message: 'support submission processed' },
);
