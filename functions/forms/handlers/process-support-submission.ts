// FormSubmitted (kind support) → the records a support form produces (see domain/automations.ts). Safe to
// deliver twice or out of order: each record is written once, keyed on the submission.
import type { EventBridgeEvent } from 'aws-lambda';
import { FormSubmittedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { processSupport } from '../automations.ts';

export const handler = async (event: EventBridgeEvent<'FormSubmitted', unknown>): Promise<void> => {
  const { data: submission, eventId } = z.parse(FormSubmittedDetail, event.detail);
  const produced = await processSupport(submission, new Date());
  logger.info('support submission processed', { submissionId: submission.id, eventId, produced });
};
