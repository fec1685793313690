// Schedule reports (daily, 06:00 UTC): the previous day's report; on Mondays also the previous week's, on
// the 1st also the previous month's. A period made twice with the same data is one report.

import { scheduledHandler } from '../../platform/scheduled.ts';
import { generateDueReports } from '../reporting.ts';

export const handler = scheduledHandler(generateDueReports);
