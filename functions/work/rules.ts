// The work area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'SendMail',
    description: 'A queued e-mail → sent (SES on AWS, the local mailbox on a laptop), once.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['MailQueued'] },
    handler: 'work/handlers/send-mail',
  },
] as const satisfies readonly RuleDeclaration[];
