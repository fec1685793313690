// What the other areas may ask of the team area that reads or writes the table.
export {
  allMembers,
  assertMembers,
  assigneeFor,
  isActiveMember,
  type MemberReference,
  nextAssignee,
} from './member-store.ts';
