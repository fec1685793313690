// What the other areas may ask of the team area that reads or writes the table.
export {
  activeMember,
  allMembers,
  assertMembers,
  assigneeFor,
  type MemberReference,
  nextAssignee,
  pendingTurn,
} from './member-store.ts';
