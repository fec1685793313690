// MailQueued → the e-mail goes out: through SES on AWS, into the local mailbox (one .eml file per message
// under MAIL_DIR) on a laptop. A redelivery of the same mail finds it sent (or its file written) and
// sends nothing more.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';
import { MailQueuedDetail } from '../../events/index.ts';
import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { getMail, markMailSent, writeMailFile } from '../mailbox.ts';

const MAIL_DIR = optionalEnv('MAIL_DIR');
const MAIL_FROM = requireEnv('MAIL_FROM');
const ses = MAIL_DIR === undefined ? new SESv2Client({}) : undefined;

export const handler = async (event: EventBridgeEvent<'MailQueued', unknown>): Promise<void> => {
  const { data: announced } = z.parse(MailQueuedDetail, event.detail);
  // The text is not in the event (it may hold a secret link): read the mail itself.
  const mail = await getMail(announced.id);
  if (mail === undefined) throw new Error(`Mail ${announced.id} is announced but not in the table`);
  if (mail.status === 'sent') return;
  if (ses === undefined) {
    await writeMailFile(MAIL_DIR ?? '', MAIL_FROM, mail);
  } else {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: MAIL_FROM,
        Destination: { ToAddresses: [mail.to] },
        Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
      }),
    );
  }
  const marked = await markMailSent(mail.id, new Date());
  logger.info('mail sent', { mailId: mail.id, to: mail.to, first: marked });
};
