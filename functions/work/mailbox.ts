// E-mail bookkeeping: a queued mail is marked sent once; locally, the mailbox is one .eml file per mail,
// named by its id and created exclusively, so the same mail is never written twice.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mailKey } from '../platform/keys.ts';
import { putNew, readItem, sendIfCondition, type TransactItem } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { type Mail, mailItem, toMail } from './mail.ts';

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
      UpdateExpression: 'SET #status = :sent, sentAt = :now, version = version + :one',
      ConditionExpression: 'attribute_exists(pk) AND #status = :queued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':queued': 'queued',
        ':now': now.toISOString(),
        ':one': 1,
      },
    }),
  );
}

/** Header values must not carry line breaks (header injection). */
const header = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function toEml(from: string, mail: Mail): string {
  return [
    `From: ${header(from)}`,
    `To: ${header(mail.to)}`,
    `Subject: ${header(mail.subject)}`,
    `Date: ${new Date(mail.createdAt).toUTCString()}`,
    `Message-ID: <${mail.id}@clientele.local>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.text,
    '',
  ].join('\r\n');
}

export async function writeMailFile(dir: string, from: string, mail: Mail): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(join(dir, `${mail.id}.eml`), toEml(from, mail), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
