// Surveys: one per ticket resolution, created together with the e-mail that carries its link (the mail's
// id derives from the resolution, so a redelivered event finds it and sends nothing twice), answered once.
// Each is written twice in one transaction: under its token (the page's) and under its account (the lists').

import { accountKey, contactKey } from '../accounts/index.ts';
import { getContact, listUnderAccount, liveAccount } from '../accounts/services.ts';
import { currentActor } from '../platform/actor.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import { derivedId } from '../platform/keys.ts';
import { mergedInto } from '../platform/merged.ts';
import {
  indexPage,
  putNew,
  readItem,
  readItems,
  TransactionRefused,
  transact,
  updateVersioned,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { queueMail } from '../work/services.ts';
import {
  SURVEY_ENTRY_PREFIX,
  surveyEntries,
  surveyEntryItem,
  surveyItem,
  surveys,
  toSurvey,
} from './entity.ts';
import { isSurveyToken, newSurveyToken, type Survey, type SurveyAnswer } from './survey.ts';
import type { Ticket } from './ticket.ts';

export type SurveyOutcome =
  | { readonly sent: true; readonly surveyId: string }
  | { readonly sent: false; readonly surveyId: string; readonly reason: string };

/**
 * E-mail the ticket's contact a survey about this resolution — once, however often it is asked. The link is
 * `<publicUrl>/surveys/<token>`.
 */
export async function sendSurvey(ticket: Ticket, publicUrl: string, now: Date): Promise<SurveyOutcome> {
  const resolvedAt = ticket.resolvedAt ?? ticket.updatedAt;
  const surveyId = derivedId(`survey#${ticket.id}#${resolvedAt}`);
  if (ticket.contactId === undefined) return { sent: false, surveyId, reason: 'the ticket has no contact' };
  const contact = await getContact(ticket.accountId, ticket.contactId).catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });
  if (contact?.email === undefined) {
    return { sent: false, surveyId, reason: 'the contact has no e-mail address' };
  }
  const at = now.toISOString();
  const token = newSurveyToken();
  const survey: Survey = {
    id: surveyId,
    ticketId: ticket.id,
    accountId: ticket.accountId,
    contactId: ticket.contactId,
    ...(ticket.product === undefined ? {} : { product: ticket.product }),
    problem: ticket.problem,
    resolvedAt,
    status: 'sent',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const about = ticket.product === undefined ? 'your request' : `your request about ${ticket.product}`;
  const mail = queueMail(
    {
      id: surveyId,
      to: contact.email,
      subject: 'How did we do?',
      lines: [
        `Hello ${contact.name},`,
        '',
        `We have resolved ${about}:`,
        `  “${ticket.problem.slice(0, 200)}”`,
        '',
        'How satisfied are you with how we handled it? One question, one click:',
        `${publicUrl.replace(/\/+$/, '')}/surveys/${token}`,
        '',
        'Thank you.',
      ],
      about: { accountId: ticket.accountId, contactId: ticket.contactId, ticketId: ticket.id },
    },
    at,
  );
  try {
    await transact([mail, putNew(surveyItem(token, survey)), putNew(surveyEntryItem(survey))]);
    return { sent: true, surveyId };
  } catch (error) {
    if (error instanceof TransactionRefused && error.failedAt(0)) {
      return { sent: false, surveyId, reason: 'already sent for this resolution' };
    }
    throw error;
  }
}

/** The survey behind a token; an unknown or malformed token is a 404 like any other. */
export async function getSurvey(token: string): Promise<Survey> {
  if (!isSurveyToken(token)) throw new NotFound('Survey', 'with this link');
  const item = await readItem(surveys.key(token));
  if (item === undefined) throw new NotFound('Survey', 'with this link');
  return toSurvey(item);
}

/**
 * Record the answer — the first one only: a second is a 409, an unknown token a 404. The survey under its
 * token is written on the condition that it is still the version read (so still unanswered), with its listed
 * copy in the same transaction (a survey sent before the copies existed gets its copy here). A lost race
 * reads again and finds it answered.
 */
/**
 * A survey of an account (or contact) merged since it was sent: about the survivor now, where its listed copy
 * moved — so the link in the e-mail still works, and the answer lands with the survivor. While its account is
 * being merged the copy is on its way: a 409 asks to try again shortly.
 */
async function followMerges(survey: Survey): Promise<Survey> {
  const account = await mergedInto(survey.accountId);
  const accountId = account?.mergedInto ?? survey.accountId;
  const [accountItem, contactItem] = await readItems([
    accountKey(accountId),
    ...(survey.contactId === undefined ? [] : [contactKey(accountId, survey.contactId)]),
  ]);
  if (typeof accountItem?.mergingInto === 'string') {
    throw new Conflict('This survey is being moved with its account; please try again in a minute.');
  }
  const contact =
    survey.contactId === undefined
      ? undefined
      : typeof contactItem?.mergingInto === 'string'
        ? contactItem.mergingInto
        : (await mergedInto(survey.contactId))?.mergedInto;
  return {
    ...survey,
    accountId,
    ...(contact === undefined ? {} : { contactId: contact }),
  };
}

export const answerSurvey = (token: string, answer: SurveyAnswer, now: Date): Promise<Survey> =>
  updateVersioned<Survey>({
    what: 'Survey',
    read: () => getSurvey(token).then(followMerges),
    guard: (current) => {
      if (current.status !== 'sent') throw alreadyAnswered();
    },
    change: (current) => {
      const at = now.toISOString();
      return {
        ...current,
        status: 'answered',
        score: answer.score,
        ...(answer.comment ? { comment: answer.comment } : {}),
        answeredAt: at,
        updatedAt: at,
        updatedBy: currentActor(),
        version: current.version + 1,
      };
    },
    item: (survey) => surveyItem(token, survey),
    // Its account must still be there (and not being deleted): the copy is kept under it.
    with: (_current, answered) => [
      { Put: { TableName: TABLE_NAME, Item: surveyEntryItem(answered) } },
      liveAccount(answered.accountId),
    ],
    ifMatch: undefined,
    // Surveys are never removed: the second round finds the one read answered by the racing request.
    attempts: 2,
    exhausted: alreadyAnswered,
  }).catch((error: unknown) => {
    // The account it was about is gone (or going): the survey with it.
    if (error instanceof TransactionRefused && error.failedAt(2))
      throw new NotFound('Survey', 'with this link');
    throw error;
  });

const alreadyAnswered = () =>
  new Conflict('This survey has already been answered; thank you.', [
    { path: 'score', message: 'Already answered.' },
  ]);

/** A ticket's surveys (one per resolution), newest first, from its index. */
export function listTicketSurveys(ticketId: string, query: { limit: number; cursor?: string | undefined }) {
  const { byTicket } = surveyEntries.indexes;
  return indexPage({
    index: byTicket,
    partition: byTicket.partition(ticketId),
    query,
    toRecord: toSurvey,
    newestFirst: true,
  });
}

/** An account's surveys, newest resolution first: one Query on its partition. */
export const listAccountSurveys = (
  accountId: string,
  query: { limit: number; cursor?: string | undefined },
) => listUnderAccount(accountId, SURVEY_ENTRY_PREFIX, query, toSurvey, true);
