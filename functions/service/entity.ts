// The service area's records in the table: tickets, kept in their account's partition and queued by
// assignee, by status (urgent first) and by priority; and surveys, keyed by their secret token alone, each
// with a listed copy under its account that staff read (the token is in no key they ever see).
import { accountPartition } from '../accounts/index.ts';
import { byType, entity, type Key, recordOf } from '../platform/entity.ts';
import { derivedId } from '../platform/keys.ts';
import { assigneePartition } from '../work/index.ts';
import type { Survey } from './survey.ts';
import type { Priority, Ticket, TicketStatus } from './ticket.ts';

/** A ticket's sort key under its account: `TICKET#<id>`, so an account's tickets are one key range. */
export const TICKET_PREFIX = 'TICKET#';

export const ticketKey = (accountId: string, ticketId: string) =>
  ({ pk: accountPartition(accountId), sk: `${TICKET_PREFIX}${ticketId}` }) as const;

// Spelled out, not derived from PRIORITIES: this module stays free of the schemas (the relay bundles it).
const RANKS: Readonly<Record<Priority, number>> = { urgent: 1, high: 2, normal: 3, low: 4 };
/** Sorts urgent first: `1` for urgent … `4` for low. */
export const priorityRank = (priority: Priority) => RANKS[priority];

const ticketsOfStatus = (status: TicketStatus) => `TICKET#STATUS#${status}`;
const ticketsOfPriority = (priority: Priority) => `TICKET#PRIORITY#${priority}`;
/** In the by-status index a ticket sorts by rank, then age: `<rank>#<createdAt>#<id>`. */
const rankPrefix = (priority: Priority) => `${priorityRank(priority)}#`;

export const tickets = /* @__PURE__ */ entity({
  type: 'Ticket',
  key: (ticket: Ticket): Key => ticketKey(ticket.accountId, ticket.id),
  indexes: {
    /** An agent's tickets, with the status first in the sort key: one status's queue is one key range. */
    byAssignee: {
      index: 'gsi1',
      partition: assigneePartition,
      /** The assignee's tickets, or only those of `status`. */
      prefix: (status: TicketStatus | undefined) =>
        status === undefined ? TICKET_PREFIX : `${TICKET_PREFIX}${status}#`,
      key: (ticket: Ticket) =>
        ticket.assigneeId === undefined
          ? undefined
          : {
              pk: assigneePartition(ticket.assigneeId),
              sk: `${TICKET_PREFIX}${ticket.status}#${ticket.createdAt}#${ticket.id}`,
            },
    },
    /** The tickets of one status, urgent first, then oldest first (escalation reads only old urgent ones). */
    byStatus: {
      index: 'gsi2',
      partition: ticketsOfStatus,
      /** The tickets of one priority. */
      prefix: rankPrefix,
      /** The tickets of one priority created up to `before` (an ISO instant). */
      createdUpTo: (priority: Priority, before: string) => ({
        from: rankPrefix(priority),
        to: `${rankPrefix(priority)}${before}`,
      }),
      key: (ticket: Ticket) => ({
        pk: ticketsOfStatus(ticket.status),
        sk: `${rankPrefix(ticket.priority)}${ticket.createdAt}#${ticket.id}`,
      }),
    },
    /** The tickets of one priority, oldest first. */
    byPriority: {
      index: 'gsi3',
      partition: ticketsOfPriority,
      key: (ticket: Ticket) => ({
        pk: ticketsOfPriority(ticket.priority),
        sk: `${ticket.createdAt}#${ticket.id}`,
      }),
    },
    all: /* @__PURE__ */ byType<Ticket>('TICKET'),
  },
});

export const ticketItem = (ticket: Ticket) => tickets.item(ticket);
export const toTicket = (item: Record<string, unknown>) => recordOf<Ticket>(item);

export const surveyKey = (token: string) => ({ pk: `SURVEY#${token}`, sk: 'SURVEY' }) as const;

/**
 * Surveys. A survey's key is its token, which the record never holds (the token exists only in the key and
 * in the link e-mailed); it has no secondary index.
 */
export const surveys = { type: 'Survey', key: surveyKey } as const;

export const surveyItem = (token: string, survey: Survey) => ({
  ...surveyKey(token),
  type: surveys.type,
  ...survey,
});

/** A survey's listed copy under its account: `SURVEY#<resolvedAt>#<id>`, so the account's are newest first. */
export const SURVEY_ENTRY_PREFIX = 'SURVEY#';
const surveysOfTicket = (ticketId: string) => `SURVEY#TICKET#${ticketId}`;

/**
 * The survey as staff list it: the same record, written with the survey and with its answer, but keyed by the
 * account and the resolution — an index of the survey itself would hand its token (the table key) to every
 * page's cursor. Announces nothing: the survey under its token does.
 */
export const surveyEntries = /* @__PURE__ */ entity({
  type: 'SurveyEntry',
  key: (survey: Survey): Key => ({
    pk: accountPartition(survey.accountId),
    sk: `${SURVEY_ENTRY_PREFIX}${survey.resolvedAt}#${survey.id}`,
  }),
  indexes: {
    /** A ticket's surveys, one per resolution, newest first when read backwards. */
    byTicket: {
      index: 'gsi3',
      partition: surveysOfTicket,
      key: (survey: Survey) => ({
        pk: surveysOfTicket(survey.ticketId),
        sk: `${survey.resolvedAt}#${survey.id}`,
      }),
    },
  },
});

export const surveyEntryItem = (survey: Survey) => surveyEntries.item(survey);
export const toSurvey = (item: Record<string, unknown>) => recordOf<Survey>(item);

/** The id of the e-mail telling one admin an urgent ticket was escalated: one per ticket and admin. */
export const escalationMailId = (ticketId: string, memberId: string) =>
  derivedId(`escalation#${ticketId}#${memberId}`);
