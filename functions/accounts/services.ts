// What the other areas may ask of the accounts area that reads or writes the table.
export {
  accountBeingMerged,
  accountBusy,
  accountCreateItems,
  accountFor,
  accountMissing,
  accountRefusal,
  guardAccount,
  LIVE_ACCOUNT,
  listUnderAccount,
  liveAccount,
  seesAccount,
} from './account-store.ts';
export {
  addressesOf,
  contactById,
  contactExists,
  contactRefusal,
  getContact,
  liveContact,
  releaseEmailClaim,
} from './contact-store.ts';
