// E-mail bookkeeping: a mail is queued once and marked sent once (how it leaves is mail-transport.ts).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from '../platform/actor.ts';
import { LEAVE_PENDING, PENDING_KEY } from '../platform/pending.ts';
import { reannounce, waitingSince } from '../platform/redrive.ts';
import { putNew, readItem, sendIfCondition, type TransactItem } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { mailItem, mailKey, mails, toMail } from './entity.ts';
import { type Mail, UNSENT } from './mail.ts';

/**
 * A mail to send, as a transaction item: written only if its id is free (ids derive from what the mail is
 * about, so the same mail is never queued twice), then sent from the stream (MailQueued).
 */
export function queueMail(
  mail: Pick<Mail, 'id' | 'to' | 'subject' | 'about'> & { readonly lines: readonly string[] },
  at: string,
): TransactItem {
  const { lines, ...rest } = mail;
  return putNew(mailItem({ ...rest, text: lines.join('\n'), status: 'queued', createdAt: at, version: 1 }));
}

/** The queued mail as stored (its text is not in the event), read consistently; undefined if absent. */
export async function getMail(id: string): Promise<Mail | undefined> {
  const item = await readItem(mailKey(id));
  return item === undefined ? undefined : toMail(item);
}

/**
 * What a sender finds when it claims a mail: `claimed` (it is this sender's to send, until the lease ends),
 * `sent` (an earlier delivery sent it) or `leased` (another sender holds it now).
 */
export type Claim = 'claimed' | 'sent' | 'leased';

/**
 * Claim a mail before sending it: queued (or failed, and retried), or claimed by a sender whose lease has
 * run out (it crashed, or its send hangs), becomes this sender's until `now + leaseMs`. One conditional
 * write, so two deliveries at once never both send. The claim and its release are bookkeeping: they leave
 * `version` alone, so a re-announced mail keeps the event id it was first announced with.
 */
/** When a claim made at `now` runs out. */
export const leaseEnd = (now: Date, leaseMs: number) => new Date(now.getTime() + leaseMs).toISOString();

export async function claimMail(id: string, now: Date, leaseMs: number): Promise<Claim> {
  const current = await getMail(id);
  if (current === undefined) throw new Error(`Mail ${id} is not in the table`);
  if (current.status === 'sent') return 'sent';
  const pendingSortKey = mails.indexes.pending.sortKey(current);
  const claimed = await sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: mailKey(id),
      UpdateExpression: `SET #status = :sending, leaseUntil = :until, updatedBy = :actor, #ipk = :ipk, #isk = :isk`,
      ConditionExpression:
        'attribute_exists(pk) AND (#status IN (:queued, :failed) OR (#status = :sending AND leaseUntil < :now))',
      ExpressionAttributeNames: { '#status': 'status', '#ipk': PENDING_KEY.pk, '#isk': PENDING_KEY.sk },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':queued': 'queued',
        ':failed': 'failed',
        ':sending': 'sending',
        ':now': now.toISOString(),
        ':until': leaseEnd(now, leaseMs),
        // Back among the waiting (a failed mail had left them), by when it was made.
        ':ipk': mails.indexes.pending.partition,
        ':isk': pendingSortKey,
      },
    }),
  );
  if (claimed) return 'claimed';
  const mail = await getMail(id);
  if (mail === undefined) throw new Error(`Mail ${id} is not in the table`);
  return mail.status === 'sent' ? 'sent' : 'leased';
}

/**
 * Give a claim back after a send that certainly did not go out (the transport refused it), so the next
 * delivery may claim it at once. Only the claim's holder (its lease) gives it back.
 */
export async function releaseMail(id: string, leaseUntil: string): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: mailKey(id),
      UpdateExpression: 'SET #status = :queued, updatedBy = :actor REMOVE leaseUntil',
      ConditionExpression: 'attribute_exists(pk) AND #status = :sending AND leaseUntil = :lease',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':queued': 'queued',
        ':sending': 'sending',
        ':lease': leaseUntil,
      },
    }),
  );
}

/**
 * A mail its sender gave up on (its dead letter): `failed`, out of the waiting records, so the reconciler
 * leaves it alone; a retry (POST /failures/{id}/retry) may claim it again. Never a mail that was sent.
 */
export async function markMailFailed(id: string, reason: string, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: mailKey(id),
      UpdateExpression: `SET #status = :failed, reason = :reason, failedAt = :now, updatedBy = :actor REMOVE leaseUntil, ${LEAVE_PENDING}`,
      ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :sending)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':failed': 'failed',
        ':queued': 'queued',
        ':sending': 'sending',
        ':reason': reason.slice(0, 1000),
        ':now': now.toISOString(),
      },
    }),
  );
}

/** Mark a claimed mail sent; false if it was not claimed (or already sent). */
export async function markMailSent(id: string, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: mailKey(id),
      UpdateExpression: `SET #status = :sent, sentAt = :now, updatedBy = :actor, version = version + :one REMOVE leaseUntil, ${LEAVE_PENDING}`,
      ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :sending, :failed)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':failed': 'failed',
        ':sent': 'sent',
        ':queued': 'queued',
        ':sending': 'sending',
        ':now': now.toISOString(),
        ':one': 1,
      },
    }),
  );
}

/** Mails queued before `before` and not sent yet, oldest first. */
export const stalledMails = (before: Date, limit: number) =>
  waitingSince(mails.indexes.pending, before, limit, toMail);

/** Announce a stalled mail again (MailQueued); false once it is sent. */
export const reannounceMail = (mail: Pick<Mail, 'id'>, now: Date) =>
  reannounce(mailKey(mail.id), 'status', UNSENT, now);
