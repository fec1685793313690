// The events area's schedules, assembled with the other areas' into the one list both runtimes read (app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'reconcile',
    description:
      'Every 5 minutes: submissions still accepted and mails still unsent 5 minutes after they were made are announced again (their automations are idempotent).',
    expression: 'cron(0/5 * * * ? *)',
    handler: 'events/handlers/reconcile-stalled',
  },
] as const satisfies readonly ScheduleDeclaration[];
