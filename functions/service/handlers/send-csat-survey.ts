// TicketStatusChanged → resolved: e-mail the ticket's contact one satisfaction survey for that resolution,
// however often the event arrives (a reopened ticket resolved again earns a new one).
import { TicketStatusChangedDetail } from '../../events/index.ts';
import { requireEnv } from '../../platform/env.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { sendSurvey } from '../survey-store.ts';

export const handler = eventHandler(
  TicketStatusChangedDetail,
  async ({ data: ticket }) => ({
    ticketId: ticket.id,
    // Read per call: locally the API's address is known only once it listens.
    ...(await sendSurvey(ticket, requireEnv('PUBLIC_API_URL'), new Date())),
  }),
  { message: 'survey for a resolution' },
);
