// The form automations, one per kind. Each is safe to run twice (or twice at once) for one submission:
// every record it creates carries the submission's id and is written only if absent, and a submission
// processed already keeps what it produced.

import { dedicatedManagerOf } from '../accounts/index.ts';
import { putNew, putOnce, TransactionRefused, transact } from '../platform/store.ts';
import { PRIORITIES, type Ticket, ticketItem } from '../service/index.ts';
import { assigneeFor, nextAssignee } from '../team/services.ts';
import { nextBusinessDay, type Task } from '../work/index.ts';
import { linkLines, queueMail } from '../work/services.ts';
import type { Submission } from './form.ts';
import { getSubmission, markProcessed } from './form-store.ts';
import {
  assignOwnerIfNone,
  findOrCreateParty,
  followUpLead,
  formInteraction,
  interactionRecord,
  leadScore,
} from './intake.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * What a submission produced, when it was processed already (a redelivery, or a re-drive that crossed its
 * processing): not looked up again — its contact's address may have changed since, and the address may be
 * someone else's by now.
 */
async function producedBefore(submission: Submission): Promise<Record<string, string> | undefined> {
  const stored = await getSubmission(submission.formId, submission.id);
  return stored?.status === 'processed' ? stored.produced : undefined;
}

/**
 * Lead: contact (+ account, scored, owned round-robin; or the account of its company domain), form interaction,
 * and a "Follow up" task for the owner — or, from a contact whose follow-up is still open, the new message
 * added to that task.
 */
export async function processLead(submission: Submission, now: Date) {
  const earlier = await producedBefore(submission);
  if (earlier !== undefined) return earlier;
  const party = await findOrCreateParty(submission, async () => {
    const owner = await nextAssignee('sales');
    return { leadScore: leadScore(submission.values), ...(owner === undefined ? {} : { ownerId: owner.id }) };
  });
  let ownerId = party.account.ownerId;
  if (ownerId === undefined) {
    ownerId = (await nextAssignee('sales'))?.id;
    if (ownerId !== undefined) await assignOwnerIfNone(party.accountId, ownerId);
  }
  const at = now.toISOString();
  const task: Task = {
    id: submission.id,
    title: 'Follow up',
    ...(ownerId === undefined ? {} : { assigneeId: ownerId }),
    dueAt: nextBusinessDay(new Date(submission.receivedAt)).toISOString(),
    status: 'open',
    checklist: [],
    links: { accountId: party.accountId, contactId: party.contactId, submissionId: submission.id },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const taskId = await followUpLead(submission, formInteraction(submission, party, 'sales'), task);
  const produced = {
    accountId: party.accountId,
    contactId: party.contactId,
    interactionId: submission.id,
    taskId,
  };
  await markProcessed(submission.formId, submission.id, produced, now);
  return produced;
}

/** Contact: contact (+ account) and the form interaction; no follow-up. */
export async function processContact(submission: Submission, now: Date) {
  const earlier = await producedBefore(submission);
  if (earlier !== undefined) return earlier;
  const party = await findOrCreateParty(submission, async () => ({}));
  await putOnce(interactionRecord(formInteraction(submission, party, 'sales')));
  const produced = { accountId: party.accountId, contactId: party.contactId, interactionId: submission.id };
  await markProcessed(submission.formId, submission.id, produced, now);
  return produced;
}

/**
 * Support: contact (+ account), a ticket for a client's account manager (else a service member in turn), the
 * interaction, and an e-mail to the assignee — queued in the same transaction as the ticket, sent from the
 * stream (MailQueued).
 */
export async function processSupport(submission: Submission, now: Date) {
  const earlier = await producedBefore(submission);
  if (earlier !== undefined) return earlier;
  const party = await findOrCreateParty(submission, async () => ({}));
  await putOnce(interactionRecord(formInteraction(submission, party, 'service')));
  const values = submission.values;
  const priority = PRIORITIES.find((level) => level === values.priority) ?? 'normal';
  const assignee = await assigneeFor('service', dedicatedManagerOf(party.account));
  const at = now.toISOString();
  const ticket: Ticket = {
    id: submission.id,
    accountId: party.accountId,
    contactId: party.contactId,
    ...(text(values.product) === undefined ? {} : { product: text(values.product) }),
    problem: text(values.problem) ?? '',
    priority,
    status: 'new',
    ...(assignee === undefined ? {} : { assigneeId: assignee.id }),
    links: { accountId: party.accountId, contactId: party.contactId, submissionId: submission.id },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const mail =
    assignee === undefined
      ? []
      : [
          queueMail(
            {
              id: submission.id,
              to: assignee.email,
              subject: `New ${priority} ticket: ${ticket.problem.slice(0, 80)}`,
              lines: [
                `Hello ${assignee.name},`,
                '',
                `A ${priority}-priority ticket was assigned to you.`,
                `From: ${String(values.name ?? '')} <${String(values.email)}>`,
                `Account: ${party.account.name}`,
                ...(ticket.product === undefined ? [] : [`Product: ${ticket.product}`]),
                `Problem: ${ticket.problem}`,
                ...linkLines('tickets', ticket.id),
              ],
              about: {
                accountId: party.accountId,
                contactId: party.contactId,
                ticketId: ticket.id,
                submissionId: submission.id,
              },
            },
            at,
          ),
        ];
  // The ticket and its e-mail exist together or not at all; a redelivery finds the ticket and moves on.
  try {
    await transact([putNew(ticketItem(ticket)), ...mail]);
  } catch (error) {
    if (!(error instanceof TransactionRefused && error.failedAt(0))) throw error;
  }
  const produced = {
    accountId: party.accountId,
    contactId: party.contactId,
    interactionId: submission.id,
    ticketId: ticket.id,
    ...(assignee === undefined ? {} : { mailId: submission.id }),
  };
  await markProcessed(submission.formId, submission.id, produced, now);
  return produced;
}
