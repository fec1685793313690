// The laptop's mailbox: one .eml file per mail under MAIL_DIR, named by its id and created exclusively, so
// the same mail is never written twice however often it is delivered — and whole: it is written to a file of
// its own first and then linked in under its name, so no reader (and no crash) ever sees half a mail.
import { randomUUID } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mail } from './mail.ts';
import { MailNotSent, type MailTransport } from './mail-transport.ts';

/** Header values must not carry line breaks (header injection). */
const header = (value: string) => value.replace(/[\r\n]+/g, ' ');

function toEml(from: string, mail: Mail): string {
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

/** Whether the file was written now (false: a delivery before this one wrote it). */
async function writeMailFile(dir: string, from: string, mail: Mail): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const draft = join(dir, `.${mail.id}.${randomUUID()}.tmp`);
  await writeFile(draft, toEml(from, mail), { flag: 'wx' });
  try {
    // A link is made whole or not at all, and not where the name is taken.
    await link(draft, join(dir, `${mail.id}.eml`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

export function localMailbox(dir: string): MailTransport {
  return {
    async send(mail, from) {
      try {
        await writeMailFile(dir, from, mail);
      } catch (error) {
        // The file was not created: nothing went out.
        throw new MailNotSent(error instanceof Error ? error.message : String(error), { cause: error });
      }
    },
  };
}
