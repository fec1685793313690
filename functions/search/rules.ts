// The search area's rule (assembled with the other areas' in app/rules.ts): the index kept from the stream, by the same event path as the aggregates.
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'KeepSearchIndex',
    description:
      'An account, contact, deal or ticket made, changed or removed (a contact erased, a merge done) → its search entries in line with it, at its version.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        'AccountCreated',
        'AccountUpdated',
        'AccountDeleted',
        'ContactCreated',
        'ContactUpdated',
        'ContactDeleted',
        'DealCreated',
        'DealUpdated',
        'DealDeleted',
        'TicketOpened',
        'TicketUpdated',
        'TicketDeleted',
        'ContactErased',
        'ContactMerged',
        'AccountMerged',
      ],
    },
    handler: 'search/handlers/keep-search-index',
  },
] as const satisfies readonly RuleDeclaration[];
