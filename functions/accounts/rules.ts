// The accounts area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'RecordLastContact',
    description: "An interaction moves its account's lastContactAt forward (never back).",
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['InteractionLogged'] },
    handler: 'accounts/handlers/record-last-contact',
  },
] as const satisfies readonly RuleDeclaration[];
