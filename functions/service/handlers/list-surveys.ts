// GET /surveys?ticketId= | ?accountId= → the surveys of a ticket or an account, newest resolution first, from
// their listed copies (never the token); a ticket or account the caller does not see is a 404.

import { guardAccount, seesAccount } from '../../accounts/services.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { listAccountSurveys, listTicketSurveys } from '../survey-store.ts';
import { getTicket } from '../ticket-store.ts';

export const handler = httpHandler(routes.listSurveys, async ({ query, principal }) => {
  const { ticketId, accountId, ...page } = query;
  if (accountId !== undefined) {
    await guardAccount(principal, accountId);
    return json(200, await listAccountSurveys(accountId, page));
  }
  // The query's schema lets exactly one of the two through; this says so to the type checker too.
  if (ticketId === undefined) throw new Invalid([{ path: 'query', message: 'Give ticketId or accountId.' }]);
  const ticket = await getTicket(ticketId);
  if (!(await seesAccount(principal, ticket.accountId))) throw new NotFound('Ticket', ticketId);
  return json(200, await listTicketSurveys(ticketId, page));
});
