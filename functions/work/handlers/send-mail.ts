// MailQueued → the e-mail goes out through the transport of this environment (mail-transport.ts: SES on
// AWS, the local mailbox on a laptop). A redelivery of the same mail finds it sent (or its file written)
// and sends nothing more.
import { MailQueuedDetail } from '../../events/index.ts';
import { requireEnv } from '../../platform/env.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { mailTransport } from '../mail-transport.ts';
import { getMail, markMailSent } from '../mailbox.ts';

const MAIL_FROM = requireEnv('MAIL_FROM');
const transport = mailTransport();

export const handler = eventHandler(
  MailQueuedDetail,
  async ({ data: announced }) => {
    // The text is not in the event (it may hold a secret link): read the mail itself.
    const mail = await getMail(announced.id);
    if (mail === undefined) throw new Error(`Mail ${announced.id} is announced but not in the table`);
    const outcome = { mailId: mail.id, to: mail.to };
    // A redelivery: an earlier delivery sent it.
    if (mail.status === 'sent') return { ...outcome, first: false };
    await transport.send(mail, MAIL_FROM);
    return { ...outcome, first: await markMailSent(mail.id, new Date()) };
  },
  { message: 'mail sent' },
);
