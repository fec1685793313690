// The satisfaction survey sent when a ticket was resolved, answered by most customers who got one, and the
// e-mail that asked for it.
import { createHash } from 'node:crypto';
import type { Contact } from '../../functions/accounts/contact.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import type { Survey } from '../../functions/service/survey.ts';
import type { Ticket } from '../../functions/service/ticket.ts';
import type { Mail } from '../../functions/work/mail.ts';
import { type AccountScope, DAY, iso, MINUTE, type SeededSurvey } from './context.ts';
import { surveyMail } from './mails.ts';
import { COMMENTS } from './words.ts';

/** The survey of `ticket`'s resolution at `at` (`resolvedAt` as the ticket records it) and its e-mail. */
export function generateSurvey(
  scope: AccountScope,
  ticket: Ticket,
  contact: Contact,
  resolvedAt: string,
  at: number,
): { survey: SeededSurvey; mail: Mail } {
  const { random, until, options } = scope;
  const surveyId = derivedId(`survey#${ticket.id}#${resolvedAt}`);
  const sentAt = Math.min(at + random.between(MINUTE, 5 * MINUTE), until - 1);
  const token = createHash('sha256')
    .update(`clientele-seed#${options.seed}#survey-token#${surveyId}`)
    .digest('base64url');
  const sent: Survey = {
    id: surveyId,
    ticketId: ticket.id,
    accountId: ticket.accountId,
    contactId: contact.id,
    product: ticket.product,
    problem: ticket.problem,
    resolvedAt,
    status: 'sent',
    createdAt: iso(sentAt),
    updatedAt: iso(sentAt),
    version: 1,
  };
  const mail = surveyMail(scope, sent, token, contact);
  const answeredAt = sentAt + random.between(20 * MINUTE, 4 * DAY);
  if (random.chance(0.6) && answeredAt < until) {
    const score = random.weighted([
      [5, 40],
      [4, 30],
      [3, 14],
      [2, 8],
      [1, 8],
    ]);
    const comment = random.chance(0.3) ? random.pick(COMMENTS[score] ?? []) : undefined;
    const answered: Survey = {
      ...sent,
      status: 'answered',
      score,
      ...(comment === undefined ? {} : { comment }),
      answeredAt: iso(answeredAt),
      updatedAt: iso(answeredAt),
      version: 2,
    };
    return { survey: { token, versions: [sent, answered] }, mail };
  }
  return { survey: { token, versions: [sent] }, mail };
}
