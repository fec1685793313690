// Event rules, declared once: pattern → handler. The CDK stack turns each into an EventBridge rule
// (retry policy + DLQ on the target); the local bus matches the same patterns in process.

import { COUNTED_EVENTS } from '../functions/domain/stats.ts';

export const EVENT_SOURCE = 'clientele';

/** An EventBridge event pattern, as JSON (`detail-type`, not `detailType`). */
export type EventPattern = { readonly [field: string]: unknown };

export interface RuleDeclaration {
  /** Stable, unique; used for construct ids and the local dead-letter file. */
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** File under functions/ (without .ts) whose `handler` export is the target. */
  readonly handler: string;
}

/** Reads the automations' dead letters and records why each gave up (a failed submission shows the reason). */
export const FAILURE_HANDLER = 'record-automation-failure';

const formSubmitted = (kind: string) => ({
  source: [EVENT_SOURCE],
  'detail-type': ['FormSubmitted'],
  detail: { data: { kind: [kind] } },
});

export const RULES: readonly RuleDeclaration[] = [
  {
    name: 'RecordLastContact',
    description: "An interaction moves its account's lastContactAt forward (never back).",
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['InteractionLogged'] },
    handler: 'record-last-contact',
  },
  {
    name: 'ProcessLeadSubmission',
    description:
      'A lead form submission → contact and account (scored, owned round-robin), interaction, follow-up task.',
    pattern: formSubmitted('lead'),
    handler: 'process-lead-submission',
  },
  {
    name: 'ProcessSupportSubmission',
    description:
      'A support form submission → contact, ticket assigned round-robin, interaction, e-mail to the assignee.',
    pattern: formSubmitted('support'),
    handler: 'process-support-submission',
  },
  {
    name: 'ProcessContactSubmission',
    description: 'A contact form submission → contact and interaction.',
    pattern: formSubmitted('contact'),
    handler: 'process-contact-submission',
  },
  {
    name: 'ProposalFollowUps',
    description:
      'A deal moved to proposal (the quote went out) → follow-up tasks for its owner at +3 and +7 days.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['DealStageChanged'],
      detail: { change: { to: ['proposal'] } },
    },
    handler: 'create-proposal-follow-ups',
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
    handler: 'activate-won-account',
  },
  {
    name: 'IssueOrderInvoice',
    description: 'An order fulfilled → exactly one invoice for it.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['OrderStatusChanged'],
      detail: { change: { to: ['fulfilled'] } },
    },
    handler: 'issue-order-invoice',
  },
  {
    name: 'SendSatisfactionSurvey',
    description:
      'A ticket resolved → one satisfaction survey e-mailed to its contact for that resolution (a reopen and a second resolution earn a second).',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['TicketStatusChanged'],
      detail: { change: { to: ['resolved'] } },
    },
    handler: 'send-csat-survey',
  },
  {
    name: 'AggregateDailyStats',
    description:
      'Accounts, deals, tickets, service interactions and survey answers → the per-day counters the reports read, each event counted once.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [...COUNTED_EVENTS] },
    handler: 'aggregate-stats',
  },
  {
    name: 'SendMail',
    description: 'A queued e-mail → sent (SES on AWS, the local mailbox on a laptop), once.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['MailQueued'] },
    handler: 'send-mail',
  },
];
