// The events area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';
import { REDRIVE_HANDLER } from './declarations.ts';

export const RULES = [
  {
    name: 'RedriveFailure',
    description: "A retried failure's event goes to its rule's target again.",
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['FailureRetryRequested'] },
    handler: REDRIVE_HANDLER,
  },
] as const satisfies readonly RuleDeclaration[];
