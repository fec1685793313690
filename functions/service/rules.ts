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
  {
    name: 'RecordSurveyAnswer',
    description:
      'A survey answered → the answer on its ticket (the latest one wins) and an inbound service interaction on the account timeline, once.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['SurveyAnswered'] },
    handler: 'service/handlers/record-survey-answer',
  },
  {
    name: 'ServiceRecovery',
    description:
      'A survey answered with 1 or 2 → a recovery task for the account manager (else the ticket assignee), due the next business day, once.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['SurveyAnswered'],
      // RECOVERY_MAX_SCORE (survey-outcomes.ts) says the same to the handler.
      detail: { data: { score: [{ numeric: ['<=', 2] }] } },
    },
    handler: 'service/handlers/open-recovery-task',
  },
] as const satisfies readonly RuleDeclaration[];
