// The e-mails the data set has already sent: the satisfaction surveys' (the seed writes no other kind).
import type { Contact } from '../../functions/accounts/contact.ts';
import type { Survey } from '../../functions/service/survey.ts';
import type { Mail } from '../../functions/work/mail.ts';
import { iso, type SeedContext } from './context.ts';

/**
 * The e-mail asking `contact` to answer the survey `sent`: written when the survey was, sent 2 s later (or
 * just before the history ends).
 */
export function surveyMail(
  { options, until }: SeedContext,
  sent: Survey,
  token: string,
  contact: Contact,
): Mail {
  const sentAt = Date.parse(sent.createdAt);
  return {
    id: sent.id,
    to: contact.email ?? '',
    subject: 'How did we do?',
    text: [
      `Hello ${contact.name},`,
      '',
      `We have resolved your request about ${sent.product}:`,
      `  “${sent.problem}”`,
      '',
      'How satisfied are you with how we handled it? One question, one click:',
      `${options.publicUrl.replace(/\/+$/, '')}/surveys/${token}`,
      '',
      'Thank you.',
    ].join('\n'),
    status: 'sent',
    about: { accountId: sent.accountId, contactId: contact.id, ticketId: sent.ticketId },
    createdAt: iso(sentAt),
    sentAt: iso(Math.min(sentAt + 2000, until - 1)),
    version: 2,
  };
}
