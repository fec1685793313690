// How a mail leaves: through SES on AWS, into the local mailbox on a laptop (MAIL_DIR set). The transport
// is chosen once, from the environment, when the sender loads.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { optionalEnv } from '../platform/env.ts';
import { localMailbox } from './local-mailbox.ts';
import type { Mail } from './mail.ts';

export interface MailTransport {
  send(mail: Mail, from: string): Promise<void>;
}

function ses(client: SESv2Client): MailTransport {
  return {
    async send(mail, from) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
        }),
      );
    },
  };
}

export function mailTransport(): MailTransport {
  const dir = optionalEnv('MAIL_DIR');
  return dir === undefined ? ses(new SESv2Client({})) : localMailbox(dir);
}
