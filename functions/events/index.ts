// The events area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  AccountDeletionProgressedDetail,
  AccountMergeProgressedDetail,
  ContactCreatedDetail,
  ContactMergeProgressedDetail,
  DealDetail,
  DealStageChangedDetail,
  FormSubmittedDetail,
  ImportChunkReadyDetail,
  ImportProgressedDetail,
  InteractionLoggedDetail,
  MailQueuedDetail,
  OrderStatusChangedDetail,
  SurveyAnsweredDetail,
  TicketStatusChangedDetail,
} from './event-schemas.ts';
export { ANNOUNCED, STATUS_EVENTS } from './events.ts';
