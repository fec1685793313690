// What the other areas may ask of the accounts area that reads or writes the table.
export {
  accountCreateItems,
  accountFor,
  accountMissing,
  accountRefusal,
  guardAccount,
  listUnderAccount,
  liveAccount,
  seesAccount,
} from './account-store.ts';
export { contactExists, getContact, releaseEmailClaim } from './contact-store.ts';
