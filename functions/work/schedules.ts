// The work area's schedules, assembled with the other areas' into the one list both runtimes read (app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'tasks-due',
    description:
      'Hourly: a TaskDue event and an e-mail to the assignee for each open task falling due, once.',
    expression: 'cron(0 * * * ? *)',
    handler: 'work/handlers/announce-due-tasks',
  },
] as const satisfies readonly ScheduleDeclaration[];
