// The accounts area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  Account,
  AccountCreate,
  AccountPath,
  AUDIENCES,
  accountItem,
  dedicatedManagerOf,
  LIFECYCLE_STAGES,
  RELATIONSHIPS,
  toAccount,
} from './account.ts';
export { Contact, ContactCreate, ContactIdPath, Email, normaliseEmail, toContact } from './contact.ts';
export {
  accountIndexChanges,
  accountIndexSet,
  accountKey,
  accountPartition,
  accounts,
  CONTACT_PREFIX,
  contactKey,
  contacts,
  emailClaimItem,
  emailClaimKey,
  type IndexedAccount,
  interactionKey,
  interactions,
} from './entity.ts';
export { Interaction } from './interaction.ts';
