// The orders area's schedules, assembled with the other areas' into the one list both runtimes read (app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'retainer-invoices',
    description:
      "Monthly, the 1st at 06:00 UTC: one retainer bill per active client account for the month (an internal client's is a charge).",
    expression: 'cron(0 6 1 * ? *)',
    handler: 'orders/handlers/issue-retainer-invoices',
  },
] as const satisfies readonly ScheduleDeclaration[];
