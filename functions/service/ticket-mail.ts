// The e-mail to whoever a ticket opened through the API was given to by default (its client's account manager,
// or the service member whose turn it was): queued in the ticket's own transaction and sent from the stream
// (MailQueued), as a support form's ticket mails its assignee.
import { type Account, dedicatedManagerOf } from '../accounts/index.ts';
import type { TransactItem } from '../platform/store.ts';
import type { Member } from '../team/index.ts';
import { linkLines, queueMail } from '../work/services.ts';
import type { Ticket } from './ticket.ts';

/**
 * The assignment e-mail as a transaction item. Its id is the ticket's, so the ticket and its e-mail are
 * written together, once: a replayed create writes neither again.
 */
export function assignmentMail(
  ticket: Ticket,
  assignee: Pick<Member, 'id' | 'email' | 'name'>,
  account: Pick<Account, 'name' | 'relationship' | 'accountManagerId'>,
): TransactItem {
  const asManager = assignee.id === dedicatedManagerOf(account);
  return queueMail(
    {
      id: ticket.id,
      to: assignee.email,
      subject: `New ${ticket.priority} ticket: ${ticket.problem.slice(0, 80)}`,
      lines: [
        `Hello ${assignee.name},`,
        '',
        `A ${ticket.priority}-priority ticket was assigned to you${asManager ? `, the account manager of ${account.name}` : ''}.`,
        `Account: ${account.name}`,
        ...(ticket.product === undefined ? [] : [`Product: ${ticket.product}`]),
        `Problem: ${ticket.problem}`,
        ...linkLines('tickets', ticket.id),
      ],
      about: {
        accountId: ticket.accountId,
        ...(ticket.contactId === undefined ? {} : { contactId: ticket.contactId }),
        ticketId: ticket.id,
      },
    },
    ticket.createdAt,
  );
}
