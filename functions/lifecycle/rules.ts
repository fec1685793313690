// The lifecycle area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'ContinueAccountDeletion',
    description:
      "An account's deletion handed over to a new run → that run removes the next share of the account's records (and, at the end, the account).",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['AccountDeletionProgressed'],
      detail: { data: { state: ['running'], handOver: [true] } },
    },
    handler: 'lifecycle/handlers/continue-account-deletion',
  },
] as const satisfies readonly RuleDeclaration[];
