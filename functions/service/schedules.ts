// The service area's schedules, assembled with the other areas' into the one list both runtimes read (app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'ticket-escalations',
    description:
      'Hourly: urgent tickets unresolved 4 hours after opening escalated once, by e-mail to the admins.',
    expression: 'cron(5 * * * ? *)',
    handler: 'service/handlers/escalate-urgent-tickets',
  },
] as const satisfies readonly ScheduleDeclaration[];
