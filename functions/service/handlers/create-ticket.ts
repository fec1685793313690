// POST /tickets → 201: a service request on an account (and one of its contacts), status new. Without an
// assignee it goes to whoever serves the account — a client's account manager, else the service member whose
// turn it is — and they are e-mailed, the mail queued in the ticket's own transaction.

import { dedicatedManagerOf } from '../../accounts/index.ts';
import { accountFor, guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce, replayOf, type TransactItem } from '../../platform/store.ts';
import { assertMembers, assigneeFor } from '../../team/services.ts';
import * as routes from '../routes.ts';
import { newTicket, type Ticket } from '../ticket.ts';
import { assignmentMail } from '../ticket-mail.ts';
import { ticketCreateItems, ticketCreateRefused } from '../ticket-store.ts';

export const handler = httpHandler(routes.createTicket, async ({ body, principal, header }) => {
  if (body.assigneeId !== undefined) {
    await guardAccount(principal, body.accountId);
    await assertMembers([{ path: 'assigneeId', id: body.assigneeId, role: 'service' }]);
  }
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /tickets', body);
  let ticket = newTicket(body, new Date());
  const mail: TransactItem[] = [];
  if (body.assigneeId === undefined) {
    // The account says who serves it (and is read under the caller's visibility, as guardAccount would).
    const account = await accountFor(principal, body.accountId);
    // A replay is answered before a round-robin turn is taken for it: the turn went to the first request.
    const earlier = await replayOf<Ticket>(idempotency);
    if (earlier !== undefined) return created(earlier, `/tickets/${earlier.id}`, true, earlier.version);
    const assignee = await assigneeFor('service', dedicatedManagerOf(account));
    if (assignee !== undefined) {
      ticket = { ...ticket, assigneeId: assignee.id };
      mail.push(assignmentMail(ticket, assignee, account));
    }
  }
  // After the ticket's own items, so the refusal's indexes of account, contact and order stay as they are.
  const { record, replayed } = await createOnce(
    [...ticketCreateItems(ticket), ...mail],
    ticket,
    idempotency,
    ticketCreateRefused(ticket),
  );
  return created(record, `/tickets/${record.id}`, replayed, record.version);
});
