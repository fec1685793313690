// FormSubmitted (kind lead) → the records a lead form produces (see forms/automations.ts). Safe to
// deliver twice or out of order: each record is written once, keyed on the submission.
import { FormSubmittedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { processLead } from '../automations.ts';

export const handler = eventHandler(
  FormSubmittedDetail,
  async ({ data: submission }) => ({
    submissionId: submission.id,
    produced: await processLead(submission, new Date()),
  }),
  { message: 'lead submission processed' },
);
