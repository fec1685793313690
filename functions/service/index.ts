// The service area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  escalationMailId,
  surveyEntries,
  surveys,
  TICKET_PREFIX,
  ticketItem,
  ticketKey,
  tickets,
} from './entity.ts';
export { Survey } from './survey.ts';
export { PRIORITIES, TICKET_STATES, Ticket, UNRESOLVED_STATES } from './ticket.ts';
