// Mail: an e-mail queued by an automation or a job, announced (without its text) as MailQueued and sent
// once by the mail sender. Schema (its key: entity.ts); the bookkeeping is in mailbox.ts.
import { Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { Links } from './task.ts';

export const MAIL_STATES = ['queued', 'sending', 'sent', 'failed'] as const;
/** Not sent yet: a mail in these states waits in the pending index. */
export const UNSENT: readonly (typeof MAIL_STATES)[number][] = ['queued', 'sending'];

const MailShape = /* @__PURE__ */ (() =>
  z.object({
    id: Id,
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    /** queued → sending (claimed by a sender, until `leaseUntil`) → sent; failed when its sender gave up. */
    status: z.enum(MAIL_STATES),
    about: Links,
    createdAt: z.string(),
    leaseUntil: z.optional(z.string()),
    sentAt: z.optional(z.string()),
    /** Why its sender gave up, and when (status failed). */
    reason: z.optional(z.string()),
    failedAt: z.optional(z.string()),
    redrivenAt: z.optional(z.string()),
    redrives: z.optional(z.int()),
    version: z.int(),
  }))();
export const Mail = /* @__PURE__ */ (() => MailShape.check(z.meta({ id: 'Mail' })))();
/** A mail as announced (MailQueued): without its text, which can hold a secret link. */
export const AnnouncedMail = /* @__PURE__ */ (() =>
  z.omit(MailShape, { text: true }).check(z.meta({ id: 'AnnouncedMail' })))();
export type Mail = z.infer<typeof Mail>;
