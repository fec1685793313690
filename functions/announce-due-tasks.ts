// Schedule tasks-due (hourly): each open task falling due → a TaskDue event and an e-mail to its assignee,
// once per task and due time.
import { announceDueTasks } from './domain/jobs.ts';
import { scheduledHandler } from './shared/scheduled.ts';

export const handler = scheduledHandler(announceDueTasks);
