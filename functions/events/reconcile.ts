// The reconciler: what was accepted but whose automation has stalled — a submission still `accepted`, a
// mail still unsent, STALL_MINUTES (default 5) after it was made — is announced again. Safe because the
// automations are idempotent (a submission's records and a mail's claim are keyed by their id). Bounded per
// run; what is left waits for the next run. It says what it re-drove.
import { reannounceSubmission, stalledSubmissions } from '../forms/services.ts';
import { optionalEnv } from '../platform/env.ts';
import { logger } from '../platform/logger.ts';
import { reannounceMail, stalledMails } from '../work/services.ts';

const STALL_MS = Number(optionalEnv('STALL_MINUTES') ?? 5) * 60_000;
/** Re-announced per kind and run at most: a backlog is worked off over a few runs, not one long one. */
const PER_RUN = 200;

export async function reconcile(at: Date) {
  const before = new Date(at.getTime() - STALL_MS);
  const [submissions, mails] = await Promise.all([
    stalledSubmissions(before, PER_RUN),
    stalledMails(before, PER_RUN),
  ]);
  const redriven = { submissions: [] as string[], mails: [] as string[] };
  for (const submission of submissions) {
    if (await reannounceSubmission(submission, at)) redriven.submissions.push(submission.id);
  }
  for (const mail of mails) {
    if (await reannounceMail(mail, at)) redriven.mails.push(mail.id);
  }
  if (redriven.submissions.length + redriven.mails.length > 0) {
    logger.warn('stalled automations re-driven', redriven);
  }
  return {
    stalledBefore: before.toISOString(),
    submissions: redriven.submissions.length,
    mails: redriven.mails.length,
    // The first few, to look up; the log line above has them all.
    submissionIds: redriven.submissions.slice(0, 20),
    mailIds: redriven.mails.slice(0, 20),
    more: submissions.length === PER_RUN || mails.length === PER_RUN,
  };
}
