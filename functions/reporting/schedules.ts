// The reporting area's schedules, assembled with the other areas' into the one list both runtimes read (app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'reports',
    description:
      "Daily at 06:00 UTC: the previous day's report; on Mondays also the previous week's, on the 1st the previous month's.",
    expression: 'cron(0 6 * * ? *)',
    handler: 'reporting/handlers/generate-reports',
    reports: 'write',
  },
] as const satisfies readonly ScheduleDeclaration[];
