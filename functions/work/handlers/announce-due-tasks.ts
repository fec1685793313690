// Schedule tasks-due (hourly): each open task falling due → a TaskDue event and an e-mail to its assignee,
// once per task and due time.

import { scheduledHandler } from '../../platform/scheduled.ts';
import { announceDueTasks } from '../due-tasks.ts';

export const handler = scheduledHandler(announceDueTasks);
