// How a mail leaves: through SES on AWS, into the local mailbox on a laptop (MAIL_DIR set). The transport
// is chosen once, from the environment, when the sender loads.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { optionalEnv } from '../platform/env.ts';
import { localMailbox } from './local-mailbox.ts';
import type { Mail } from './mail.ts';

export interface MailTransport {
  /** Throws MailNotSent when the mail certainly did not go out; any other error leaves that open. */
  send(mail: Mail, from: string): Promise<void>;
}

/** The transport refused the mail (SES answered 4xx; the mailbox could not be written): not sent. */
export class MailNotSent extends Error {
  override readonly name = 'MailNotSent';
}

/** SES refused the request itself (a 4xx: rejected message, bad address, throttled): nothing was sent. */
const refusedBySes = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
};

function ses(client: SESv2Client): MailTransport {
  return {
    async send(mail, from) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [mail.to] },
            Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
          }),
        );
      } catch (error) {
        // A timeout or a 5xx may come after SES took the mail: that stays an open question (the claim holds).
        if (refusedBySes(error)) {
          throw new MailNotSent(error instanceof Error ? error.message : String(error), { cause: error });
        }
        throw error;
      }
    },
  };
}

export function mailTransport(): MailTransport {
  const dir = optionalEnv('MAIL_DIR');
  return dir === undefined ? ses(new SESv2Client({})) : localMailbox(dir);
}
