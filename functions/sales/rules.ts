// The sales area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'ProposalFollowUps',
    description:
      'A deal moved to proposal, or opened in it (the quote went out) → follow-up tasks for its owner on the 3rd and 7th business day.',
    pattern: {
      source: [EVENT_SOURCE],
      $or: [
        { 'detail-type': ['DealStageChanged'], detail: { change: { to: ['proposal'] } } },
        { 'detail-type': ['DealCreated'], detail: { data: { stage: ['proposal'] } } },
      ],
    },
    handler: 'sales/handlers/create-proposal-follow-ups',
  },
  {
    name: 'ActivateWonAccount',
    description:
      'A deal won → its account becomes active (client on retainer, else customer), acquiredAt set once.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['DealStageChanged'],
      detail: { change: { to: ['won'] } },
    },
    handler: 'sales/handlers/activate-won-account',
  },
] as const satisfies readonly RuleDeclaration[];
