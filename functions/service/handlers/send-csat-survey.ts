// TicketStatusChanged → resolved: e-mail the ticket's contact one satisfaction survey for that resolution,
// however often the event arrives (a reopened ticket resolved again earns a new one).
import type { EventBridgeEvent } from 'aws-lambda';
import { TicketStatusChangedDetail } from '../../events/index.ts';
import { requireEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { sendSurvey } from '../survey-store.ts';

export const handler = async (event: EventBridgeEvent<'TicketStatusChanged', unknown>): Promise<void> => {
  const { data: ticket, eventId } = z.parse(TicketStatusChangedDetail, event.detail);
  // Read per call: locally the API's address is known only once it listens.
  const outcome = await sendSurvey(ticket, requireEnv('PUBLIC_API_URL'), new Date());
  logger.info('survey for a resolution', { ticketId: ticket.id, eventId, ...outcome });
};
