import {
  accountMissing,
  contactRefusal,
  listUnderAccount,
  liveAccount,
  liveContact,
} from '../accounts/services.ts';
import { orderKey } from '../orders/index.ts';
import { Conflict, Invalid, NotFound } from '../platform/errors.ts';
import {
  indexPage,
  listByType,
  locate,
  mustExist,
  putNew,
  readItem,
  type TransactItem,
  TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TICKET_PREFIX, ticketItem, tickets, toTicket } from './entity.ts';
import {
  allowedTicketMoves,
  moved,
  type Ticket,
  type TicketListQuery,
  type TicketPatch,
  UNRESOLVED_STATES,
} from './ticket.ts';

export const ticketCreateItems = (ticket: Ticket): TransactItem[] => [
  liveAccount(ticket.accountId),
  ...(ticket.contactId === undefined ? [] : [liveContact(ticket.accountId, ticket.contactId)]),
  putNew(ticketItem(ticket)),
  // Last, so the items before keep their places: an order of the same account (its key is under it).
  ...(ticket.orderId === undefined ? [] : [mustExist(orderKey(ticket.accountId, ticket.orderId))]),
];

/** The refusal of a ticket's `orderId` that names no order of its account: a bad reference, by field. */
const orderNotOnAccount = () =>
  new Invalid([{ path: 'orderId', message: 'No such order on this account.' }], 'The order is not valid.');

export const ticketCreateRefused =
  (ticket: Pick<Ticket, 'accountId' | 'contactId' | 'orderId'>) => (refused: TransactionRefused) => {
    if (refused.failedAt(0)) return accountMissing(ticket.accountId)(refused);
    // Where ticketCreateItems puts them: the account, the contact (if any), the ticket, the order (if any).
    const withContact = ticket.contactId !== undefined;
    if (withContact && refused.failedAt(1) && ticket.contactId !== undefined) {
      return contactRefusal(ticket.accountId, ticket.contactId, refused.items[1]);
    }
    if (ticket.orderId !== undefined && refused.failedAt(withContact ? 3 : 2)) return orderNotOnAccount();
    return refused;
  };

/** A ticket's order must be one of its account's (orders are never removed: a read before the write holds). */
async function assertOrderOf(accountId: string, orderId: string): Promise<void> {
  if ((await readItem(orderKey(accountId, orderId))) === undefined) throw orderNotOnAccount();
}

export async function getTicket(id: string): Promise<Ticket> {
  const item = await locate(tickets.indexes.all.type, id);
  if (item === undefined) throw new NotFound('Ticket', id);
  return toTicket(item);
}

export const updateTicket = (
  id: string,
  patch: TicketPatch,
  ifMatch: number | undefined,
  now: Date,
  guard?: (current: Ticket) => Promise<void> | void,
) =>
  updateVersioned<Ticket>({
    what: `Ticket ${id}`,
    read: () => getTicket(id),
    guard: async (current) => {
      await guard?.(current);
      if (typeof patch.orderId === 'string') await assertOrderOf(current.accountId, patch.orderId);
    },
    item: ticketItem,
    ifMatch,
    attempts: 4,
    exhausted: () => new Conflict(`Ticket ${id} is changing too often right now; try again.`),
    change: (current, attempt) => {
      const { status, ...fields } = patch;
      let next = withPatch(current, fields, now);
      if (fields.orderId !== undefined) next = withOrderLink(next, fields.orderId);
      if (status === undefined) return next;
      const allowed = allowedTicketMoves(current.status);
      const already = status === current.status;
      // Moving to the status it is in: a no-op kept when other fields change, else (or after losing a race
      // to the same move) a 409 — the move happened once, by whoever got there first.
      if (already && (Object.keys(fields).length === 0 || attempt > 1)) {
        throw moveRefused(current, allowed, `Ticket ${id} is already ${status}`);
      }
      if (!already && !allowed.includes(status)) {
        throw moveRefused(current, allowed, `A ${current.status} ticket cannot become ${status}`);
      }
      if (!already) next = moved(next, status, now);
      return next;
    },
    // A reopened ticket is open work again: not under an account being deleted (whose deletion counted it).
    with: (current, next) => (reopens(current, next) ? [liveAccount(current.accountId)] : []),
  }).catch((error: unknown) => {
    if (error instanceof TransactionRefused && error.failedAt(1)) {
      throw new Conflict(`Ticket ${id} is under an account being deleted: it is not reopened.`, [
        { path: 'status', message: 'The account is being deleted.' },
      ]);
    }
    throw error;
  });

const UNRESOLVED: readonly string[] = UNRESOLVED_STATES;
const reopens = (current: Ticket, next: Ticket) =>
  UNRESOLVED.includes(next.status) && !UNRESOLVED.includes(current.status);

/** The ticket's links follow its order: set with it, removed with it. */
function withOrderLink(ticket: Ticket, orderId: string | null): Ticket {
  const { orderId: _previous, ...links } = ticket.links;
  return { ...ticket, links: orderId === null ? links : { ...links, orderId } };
}

function moveRefused(current: Ticket, allowed: readonly string[], why: string) {
  const moves = allowed.join(', ') || 'none (it is closed)';
  return new Conflict(`${why}; allowed: ${moves}.`, [
    { path: 'status', message: `Allowed from ${current.status}: ${moves}.` },
  ]);
}

/**
 * By assignee (optionally of a status: a key range), by status (urgent first, then oldest first; a priority
 * narrows the range), by priority (oldest first), or all (newest first). Other combinations filter a page.
 */
export async function listTickets(query: TicketListQuery) {
  const { status, priority, assigneeId } = query;
  const { byAssignee, byStatus, byPriority, all } = tickets.indexes;
  if (assigneeId !== undefined) {
    return indexPage({
      index: byAssignee,
      partition: byAssignee.partition(assigneeId),
      range: { prefix: byAssignee.prefix(status) },
      ...(priority === undefined ? {} : { filter: { field: 'priority', value: priority } }),
      query,
      toRecord: toTicket,
    });
  }
  if (status !== undefined) {
    return indexPage({
      index: byStatus,
      partition: byStatus.partition(status),
      ...(priority === undefined ? {} : { range: { prefix: byStatus.prefix(priority) } }),
      query,
      toRecord: toTicket,
    });
  }
  if (priority !== undefined) {
    return indexPage({
      index: byPriority,
      partition: byPriority.partition(priority),
      query,
      toRecord: toTicket,
    });
  }
  return listByType(all.type, query, toTicket, true);
}

export const listAccountTickets = (
  accountId: string,
  query: { limit: number; cursor?: string | undefined },
) => listUnderAccount(accountId, TICKET_PREFIX, query, toTicket, true);
