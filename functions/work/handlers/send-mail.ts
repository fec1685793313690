// MailQueued → the e-mail goes out through the transport of this environment (mail-transport.ts: SES on
// AWS, the local mailbox on a laptop), once. The sender claims the mail before sending (a conditional write
// with a lease, MAIL_LEASE_SECONDS, default 60: twice the function's timeout), so two deliveries at once
// never both send, and marks it sent after. A mail another delivery holds is left to it (the reconciler
// re-drives it should that one die). A refused send gives the claim back; any other failure keeps it until
// the lease runs out, since the mail may have gone. The window left: a sender that crashes (or times out)
// after the transport took the mail and before marking it sent leaves the claim to run out, and the next
// delivery sends it again — on AWS one duplicate e-mail, after the lease; the local mailbox creates each
// file exclusively, so there it is still one.
import { MailQueuedDetail } from '../../events/index.ts';
import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { MailNotSent, mailTransport } from '../mail-transport.ts';
import { claimMail, getMail, leaseEnd, markMailSent, releaseMail } from '../mailbox.ts';

const MAIL_FROM = requireEnv('MAIL_FROM');
const LEASE_MS = Number(optionalEnv('MAIL_LEASE_SECONDS') ?? 60) * 1000;
const transport = mailTransport();
/** The longest a delivery waits for another's lease to run out (well inside a function's timeout). */
const MAX_WAIT_MS = 10_000;

export const handler = eventHandler(
  MailQueuedDetail,
  async ({ data: announced }) => {
    // The text is not in the event (it may hold a secret link): read the mail itself.
    const mail = await getMail(announced.id);
    if (mail === undefined) throw new Error(`Mail ${announced.id} is announced but not in the table`);
    const outcome = { mailId: mail.id, to: mail.to };
    // A redelivery: an earlier delivery sent it.
    if (mail.status === 'sent') return { ...outcome, first: false };
    let now = new Date();
    let claim = await claimMail(mail.id, now, LEASE_MS);
    if (claim === 'leased') {
      // Held by another delivery, or by one that died with it (a crash, a kill): a short lease (the local
      // runtime's) is waited out and the mail claimed again; a long one is left to the reconciler.
      const held = await getMail(mail.id);
      const wait = Date.parse(String(held?.leaseUntil)) - Date.now();
      if (wait <= MAX_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 50));
        now = new Date();
        claim = await claimMail(mail.id, now, LEASE_MS);
      }
    }
    if (claim !== 'claimed') return { ...outcome, first: false, [claim]: true };
    try {
      await transport.send(mail, MAIL_FROM);
    } catch (error) {
      if (error instanceof MailNotSent) await releaseMail(mail.id, leaseEnd(now, LEASE_MS));
      throw error;
    }
    return { ...outcome, first: await markMailSent(mail.id, new Date()) };
  },
  { message: 'mail sent' },
);
