// POST /tickets → 201: a service request on an account (and one of its contacts), status new. Without an
// assignee it goes to whoever serves the account — a client's account manager, else the service member whose
// turn it is — and they are e-mailed, the mail queued and the turn taken in the ticket's own transaction.

import { dedicatedManagerOf } from '../../accounts/index.ts';
import { accountFor, guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import type { TransactItem } from '../../platform/store.ts';
import { createOnce, replayOf } from '../../platform/store.ts';
import type { Member } from '../../team/index.ts';
import { activeMember, assertMembers, giveBackTurn, pendingTurn, takeTurn } from '../../team/services.ts';
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
  // A client's account manager, who takes no turn from the team.
  const manager = await activeMember(dedicatedManagerOf(account), 'service');
  const write = async (assignee: Member | undefined, take?: TransactItem) => {
    const assigned: Ticket = assignee === undefined ? ticket : { ...ticket, assigneeId: assignee.id };
    // After the ticket's own items, so the refusal's indexes of account, contact and order stay as they are.
    const items = [
      ...ticketCreateItems(assigned),
      ...(assignee === undefined ? [] : [assignmentMail(assigned, assignee, account)]),
    ];
    const turnAt = items.length;
    if (take !== undefined) items.push(take);
    return createOnce(items, assigned, idempotency, (refused) =>
      take !== undefined &&
      refused.failedAt(turnAt) &&
      refused.reasons.every((reason, at) => at === turnAt || reason === 'None')
        ? new TurnTaken()
        : ticketCreateRefused(assigned)(refused),
    );
  };
  const answer = ({ record, replayed }: { readonly record: Ticket; readonly replayed: boolean }) =>
    created(record, `/tickets/${record.id}`, replayed, record.version);
  if (manager !== undefined) return answer(await write(manager));
  // Else the service member whose turn it is, the turn taken in the ticket's own transaction on the condition
  // nobody took it meanwhile: a refused ticket takes no turn and writes nothing.
  const pending = await pendingTurn('service');
  try {
    return answer(await write(pending?.member, pending?.take));
  } catch (error) {
    if (!(error instanceof TurnTaken)) throw error;
  }
  // A racing ticket took that turn: take the next outright — racing tickets each get their own at once, none
  // retrying against the others — and give it back if this ticket is not written after all.
  const turn = await takeTurn('service');
  let written: { readonly record: Ticket; readonly replayed: boolean };
  try {
    written = await write(turn?.member);
  } catch (error) {
    if (turn !== undefined) await giveBackTurn('service', turn.turn);
    throw error;
  }
  if (written.replayed && turn !== undefined) await giveBackTurn('service', turn.turn);
  return answer(written);
});

/** The turn read was taken by a racing ticket (only that refused the transaction). */
class TurnTaken extends Error {}
