// The lifecycle area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { AccountDeletion } from './deletion.ts';
export { accountDeletions, accountMerges, contactMerges, erasures } from './entity.ts';
export { companyNameKey, personNameKey, phoneKey } from './matching.ts';
export { AccountMerge, ContactMerge } from './merge.ts';
export { Erasure } from './person.ts';
