// The orders area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'IssueOrderInvoice',
    description: "An order fulfilled → exactly one bill for it: an invoice, or an internal account's charge.",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['OrderStatusChanged'],
      detail: { change: { to: ['fulfilled'] } },
    },
    handler: 'orders/handlers/issue-order-invoice',
  },
] as const satisfies readonly RuleDeclaration[];
