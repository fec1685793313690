// Schedule reports (daily, 06:00 UTC): the previous day's report; on Mondays also the previous week's, on
// the 1st also the previous month's. A period made twice with the same data is one report.
import { generateDueReports } from './domain/reporting.ts';
import { scheduledHandler } from './shared/scheduled.ts';

export const handler = scheduledHandler(generateDueReports);
