// POST /tickets → 201: a service request on an account (and one of its contacts), status new. Without an
// assignee it goes to whoever serves the account — a client's account manager, else the service member whose
// turn it is — and they are e-mailed, the mail queued and the turn taken in the ticket's own transaction.

import { dedicatedManagerOf } from '../../accounts/index.ts';
import { accountFor, guardAccount } from '../../accounts/services.ts';
import { Conflict } from '../../platform/errors.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce, replayOf } from '../../platform/store.ts';
import { activeMember, assertMembers, pendingTurn } from '../../team/services.ts';
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
  // A client's account manager, else the service member whose turn it is — the turn taken in the ticket's own
  // transaction, so a refused ticket takes none, and a racing ticket that took it first means: read it again.
  const manager = await activeMember(dedicatedManagerOf(account), 'service');
  for (let attempt = 1; ; attempt++) {
    const turn = manager === undefined ? await pendingTurn('service') : undefined;
    const assignee = manager ?? turn?.member;
    const assigned: Ticket = assignee === undefined ? ticket : { ...ticket, assigneeId: assignee.id };
    // After the ticket's own items, so the refusal's indexes of account, contact and order stay as they are.
    const items = [
      ...ticketCreateItems(assigned),
      ...(assignee === undefined ? [] : [assignmentMail(assigned, assignee, account)]),
    ];
    const turnAt = items.length;
    if (turn !== undefined) items.push(turn.take);
    try {
      const { record, replayed } = await createOnce(items, assigned, idempotency, (refused) =>
        turn !== undefined && refused.failedAt(turnAt)
          ? new TurnTaken()
          : ticketCreateRefused(assigned)(refused),
      );
      return created(record, `/tickets/${record.id}`, replayed, record.version);
    } catch (error) {
      if (!(error instanceof TurnTaken) || attempt >= TURN_ATTEMPTS) throw error;
    }
  }
});

/** How often a ticket reads the round-robin again after racing tickets took the turn it read. */
const TURN_ATTEMPTS = 10;

class TurnTaken extends Conflict {
  constructor() {
    super('Tickets are being assigned too quickly right now; try again.');
  }
}
