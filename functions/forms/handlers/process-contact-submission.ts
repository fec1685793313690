// FormSubmitted (kind contact) → the records a contact form produces (see domain/automations.ts). Safe to
// deliver twice or out of order: each record is written once, keyed on the submission.
import type { EventBridgeEvent } from 'aws-lambda';
import { FormSubmittedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { processContact } from '../automations.ts';

export const handler = async (event: EventBridgeEvent<'FormSubmitted', unknown>): Promise<void> => {
  const { data: submission, eventId } = z.parse(FormSubmittedDetail, event.detail);
  const produced = await processContact(submission, new Date());
  logger.info('contact submission processed', { submissionId: submission.id, eventId, produced });
};
