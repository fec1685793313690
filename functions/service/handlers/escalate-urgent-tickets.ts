// Schedule ticket-escalations (hourly): urgent tickets unresolved 4 hours after opening → escalated once,
// by e-mail to every active admin.

import { scheduledHandler } from '../../platform/scheduled.ts';
import { escalateUrgentTickets } from '../escalation.ts';

export const handler = scheduledHandler(escalateUrgentTickets);
