// The reporting area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';
import { COUNTED_EVENTS } from './stats.ts';

export const RULES = [
  {
    name: 'AggregateDailyStats',
    description:
      'Accounts, deals, tickets, service interactions, survey answers, invoices and internal charges → the per-day counters the reports read, each event counted once.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [...COUNTED_EVENTS] },
    handler: 'reporting/handlers/aggregate-stats',
  },
] as const satisfies readonly RuleDeclaration[];
