// Key builders for every record type. Keys are generic attributes (pk, sk, gsiNpk, gsiNsk); ids are ULIDs,
// so sort keys built from them order records by creation (or occurrence) time.
import { createHash } from 'node:crypto';

export const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }) as const;
export const contactKey = (accountId: string, contactId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `CONTACT#${contactId}` }) as const;
export const interactionKey = (accountId: string, interactionId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `INTERACTION#${interactionId}` }) as const;
export const emailClaimKey = (normalisedEmail: string) =>
  ({ pk: `EMAIL#${normalisedEmail}`, sk: 'EMAIL' }) as const;
export const idempotencyKey = (scope: string, key: string) =>
  ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }) as const;

export const dealKey = (accountId: string, dealId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `DEAL#${dealId}` }) as const;
export const formKey = (formId: string) => ({ pk: `FORM#${formId}`, sk: 'FORM' }) as const;
export const submissionKey = (formId: string, submissionId: string) =>
  ({ pk: `FORM#${formId}`, sk: `SUBMISSION#${submissionId}` }) as const;
export const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }) as const;
export const memberEmailKey = (normalisedEmail: string) =>
  ({ pk: `MEMBER_EMAIL#${normalisedEmail}`, sk: 'MEMBER_EMAIL' }) as const;
export const roundRobinKey = (role: string) => ({ pk: `ROUND_ROBIN#${role}`, sk: 'ROUND_ROBIN' }) as const;
export const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }) as const;
export const ticketKey = (accountId: string, ticketId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `TICKET#${ticketId}` }) as const;
export const mailKey = (mailId: string) => ({ pk: `MAIL#${mailId}`, sk: 'MAIL' }) as const;

export const SUBMISSION_PREFIX = 'SUBMISSION#';
export const CONTACT_PREFIX = 'CONTACT#';
export const INTERACTION_PREFIX = 'INTERACTION#';

/** Index keys of an account: by owner, by lifecycle stage, by relationship, and in the all-accounts list. */
export function accountIndexKeys(account: {
  id: string;
  ownerId?: string | undefined;
  lifecycleStage: string;
  relationship: string;
}) {
  const sortKey = `ACCOUNT#${account.id}`;
  return {
    ...(account.ownerId === undefined ? {} : { gsi1pk: `OWNER#${account.ownerId}`, gsi1sk: sortKey }),
    gsi2pk: `ACCOUNT#STAGE#${account.lifecycleStage}`,
    gsi2sk: sortKey,
    gsi3pk: `ACCOUNT#REL#${account.relationship}`,
    gsi3sk: sortKey,
    gsi4pk: 'TYPE#ACCOUNT',
    gsi4sk: sortKey,
  };
}

export { withoutStorageAttributes } from './entity.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id derived from `seed`: the same seed, the same id (for records made exactly once). */
export function derivedId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = CROCKFORD[(digest[0] ?? 0) % 8] ?? '0';
  for (let index = 1; index < 26; index++) id += CROCKFORD[(digest[index] ?? 0) % 32];
  return id;
}
