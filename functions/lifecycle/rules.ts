// The lifecycle area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

/** The events of the changes kept: creations and changes of accounts, contacts, deals, orders, tickets, tasks. */
export const HISTORY_EVENTS = [
  'AccountCreated',
  'AccountUpdated',
  'ContactCreated',
  'ContactUpdated',
  'DealCreated',
  'DealUpdated',
  'DealStageChanged',
  'OrderPlaced',
  'OrderUpdated',
  'OrderStatusChanged',
  'TicketOpened',
  'TicketUpdated',
  'TicketStatusChanged',
  'TaskCreated',
  'TaskUpdated',
] as const;

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
  {
    name: 'ContinueAccountMerge',
    description:
      "An account's merge accepted or handed over to a new run → that run moves the next share of the merged account's records to the survivor (and, at the end, removes the merged account).",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['AccountMergeRequested', 'AccountMergeProgressed'],
      detail: { data: { state: ['running'], handOver: [true] } },
    },
    handler: 'lifecycle/handlers/continue-account-merge',
  },
  {
    name: 'ContinueContactMerge',
    description:
      "A contact's merge accepted or handed over to a new run → that run relinks the next share of the records naming the merged contact (and, at the end, removes it).",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['ContactMergeRequested', 'ContactMergeProgressed'],
      detail: { data: { state: ['running'], handOver: [true] } },
    },
    handler: 'lifecycle/handlers/continue-contact-merge',
  },
  {
    name: 'KeepMatchKeys',
    description:
      'An account or contact made, changed or removed → its match keys (normalised name, phone, mailbox, company domain) in line with it, for the likely duplicates.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        'AccountCreated',
        'AccountUpdated',
        'ContactCreated',
        'ContactUpdated',
        'ContactDeleted',
      ],
    },
    handler: 'lifecycle/handlers/keep-match-keys',
  },
  {
    name: 'RecordHistory',
    description:
      'An account, contact, deal, order, ticket or task created or changed → one history entry (when, who, each field before → after).',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [...HISTORY_EVENTS] },
    handler: 'lifecycle/handlers/record-history',
  },
  {
    name: 'PurgeHistory',
    description:
      'A contact, deal, order, ticket or task removed → its history entries removed too (an account’s go with its deletion).',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['ContactDeleted', 'DealDeleted', 'OrderDeleted', 'TicketDeleted', 'TaskDeleted'],
    },
    handler: 'lifecycle/handlers/purge-history',
  },
] as const satisfies readonly RuleDeclaration[];
