// The service area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'SendSatisfactionSurvey',
    description:
      'A ticket resolved → one satisfaction survey e-mailed to its contact for that resolution (a reopen and a second resolution earn a second).',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['TicketStatusChanged'],
      detail: { change: { to: ['resolved'] } },
    },
    handler: 'service/handlers/send-csat-survey',
  },
] as const satisfies readonly RuleDeclaration[];
