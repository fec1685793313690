// The team area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  memberEmailClaimItem,
  memberEmailKey,
  memberKey,
  members,
  memberUserClaimItem,
  memberUserKey,
  roundRobinKey,
} from './entity.ts';
export { Member } from './member.ts';
