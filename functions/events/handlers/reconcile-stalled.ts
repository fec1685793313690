// Schedule reconcile (every 5 minutes): submissions and mails whose automation stalled are announced again.
import { scheduledHandler } from '../../platform/scheduled.ts';
import { reconcile } from '../reconcile.ts';

export const handler = scheduledHandler(reconcile);
