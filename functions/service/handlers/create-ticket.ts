// POST /tickets → 201: a service request on an account (and one of its contacts), status new. Without an
// assignee it goes to whoever serves the account — a client's account manager, else the service member whose
// turn it is — and they are e-mailed, the mail queued and the turn taken in the ticket's own transaction.

import { dedicatedManagerOf } from '../../accounts/index.ts';
import { accountFor, guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce, replayOf } from '../../platform/store.ts';
import { activeMember, assertMembers, giveBackTurn, takeTurn } from '../../team/services.ts';
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
  const ticket = newTicket(body, new Date());
  if (body.assigneeId !== undefined) {
    const { record, replayed } = await createOnce(
      ticketCreateItems(ticket),
      ticket,
      idempotency,
      ticketCreateRefused(ticket),
    );
    return created(record, `/tickets/${record.id}`, replayed, record.version);
  }
  // The account says who serves it (and is read under the caller's visibility, as guardAccount would).
  const account = await accountFor(principal, body.accountId);
  // A replay is answered as it was: the first request chose the assignee.
  const earlier = await replayOf<Ticket>(idempotency);
  if (earlier !== undefined) return created(earlier, `/tickets/${earlier.id}`, true, earlier.version);
  // A client's account manager, else the service member whose turn it is — taken at once (racing tickets each
  // get their own), and given back if the ticket is not written here (refused, or written by a racing replay).
  const manager = await activeMember(dedicatedManagerOf(account), 'service');
  const turn = manager === undefined ? await takeTurn('service') : undefined;
  const assignee = manager ?? turn?.member;
  const assigned: Ticket = assignee === undefined ? ticket : { ...ticket, assigneeId: assignee.id };
  const items = [
    ...ticketCreateItems(assigned),
    ...(assignee === undefined ? [] : [assignmentMail(assigned, assignee, account)]),
  ];
  let written: Awaited<ReturnType<typeof createOnce<Ticket>>>;
  try {
    written = await createOnce(items, assigned, idempotency, ticketCreateRefused(assigned));
  } catch (error) {
    if (turn !== undefined) await giveBackTurn('service', turn.turn);
    throw error;
  }
  if (written.replayed && turn !== undefined) await giveBackTurn('service', turn.turn);
  return created(written.record, `/tickets/${written.record.id}`, written.replayed, written.record.version);
});
