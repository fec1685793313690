// What the other areas may ask of the team area that reads or writes the table.
export {
  activeMemberIn,
  allMembers,
  assertMembers,
  assigneeFor,
  isActiveMember,
  type MemberReference,
  nextAssignee,
  pendingTurn,
} from './member-store.ts';
