// The search area's schedule (assembled with the other areas' in app/schedules.ts).
import type { ScheduleDeclaration } from '../platform/declarations.ts';

export const SCHEDULES = [
  {
    name: 'search-reindex',
    description:
      'Every 15 minutes: a rebuild of the search index asked for (or never made: a table from before it) goes on from its checkpoint, for up to 4 minutes; done, it reads one item.',
    expression: 'cron(0/15 * * * ? *)',
    handler: 'search/handlers/reindex',
  },
] as const satisfies readonly ScheduleDeclaration[];
