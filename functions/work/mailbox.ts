// E-mail bookkeeping: a mail is queued once and marked sent once (how it leaves is mail-transport.ts).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from '../platform/actor.ts';
import { putNew, readItem, sendIfCondition, type TransactItem } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { mailItem, mailKey, toMail } from './entity.ts';
import type { Mail } from './mail.ts';

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

export async function markMailSent(id: string, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: mailKey(id),
      UpdateExpression: 'SET #status = :sent, sentAt = :now, updatedBy = :actor, version = version + :one',
      ConditionExpression: 'attribute_exists(pk) AND #status = :queued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':sent': 'sent',
        ':queued': 'queued',
        ':now': now.toISOString(),
        ':one': 1,
      },
    }),
  );
}
