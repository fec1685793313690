// Schedule retainer-invoices (monthly, the 1st at 06:00 UTC): one invoice per active client account on a
// retainer for the month of the run, however often it runs.
import { issueRetainerInvoices } from './domain/jobs.ts';
import { scheduledHandler } from './shared/scheduled.ts';

export const handler = scheduledHandler(issueRetainerInvoices);
