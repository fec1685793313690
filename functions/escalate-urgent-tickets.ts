// Schedule ticket-escalations (hourly): urgent tickets unresolved 4 hours after opening → escalated once,
// by e-mail to every active admin.
import { escalateUrgentTickets } from './domain/jobs.ts';
import { scheduledHandler } from './shared/scheduled.ts';

export const handler = scheduledHandler(escalateUrgentTickets);
