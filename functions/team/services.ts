// What the other areas may ask of the team area that reads or writes the table.
export {
  activeMember,
  allMembers,
  assertMembers,
  assigneeFor,
  giveBackTurn,
  type MemberReference,
  nextAssignee,
  pendingTurn,
  takeTurn,
} from './member-store.ts';
