// Schedule retainer-invoices (monthly, the 1st at 06:00 UTC): one invoice per active client account on a
// retainer for the month of the run, however often it runs.

import { scheduledHandler } from '../../platform/scheduled.ts';
import { issueRetainerInvoices } from '../billing.ts';

export const handler = scheduledHandler(issueRetainerInvoices);
