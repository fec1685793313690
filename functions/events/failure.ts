// Failure: an event an automation gave up on (a rule target's dead letter), kept as a record until it is
// retried: the rule, the event, the error and the attempts. Recording the same dead letter twice counts it
// once; its id derives from the rule and the event, so each (rule, event) pair is one failure however often
// it fails again after a retry.
import { authorship, Cursor, Id, Limit } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const FAILURE_STATES = ['open', 'retried'] as const;

const FailureShape = /* @__PURE__ */ (() =>
  z.object({
    id: Id,
    /** The rule whose target gave up (functions/<area>/rules.ts). */
    rule: z.string(),
    detailType: z.string(),
    /** The domain event's id (stable across redeliveries). */
    eventId: z.string(),
    /** What the event was about. */
    subject: z.optional(z.object({ entity: z.string(), id: z.string(), accountId: z.optional(z.string()) })),
    /** The event as the target received it (EventBridge's envelope). */
    event: z.record(z.string(), z.unknown()),
    error: z.object({ type: z.string(), message: z.string() }),
    /** Invocations of the target before it gave up, the last time. */
    attempts: z.int(),
    /** Times it was dead-lettered: 1, and one more for each retry that failed again. */
    failures: z.int(),
    /** open: waiting for someone; retried: put back on its rule, open again if it fails again. */
    status: z.enum(FAILURE_STATES),
    firstFailedAt: z.string(),
    failedAt: z.string(),
    retries: z.int(),
    retriedAt: z.optional(z.string()),
    retriedBy: z.optional(z.string()),
    /** The last retry handed to the target. */
    redriven: z.optional(z.int()),
    ...authorship(),
    version: z.int(),
  }))();
export const Failure = /* @__PURE__ */ (() => FailureShape.check(z.meta({ id: 'Failure' })))();
export type Failure = z.infer<typeof Failure>;
/** A failure as announced: without the event it holds (a subscriber reads it from the API). */
export const AnnouncedFailure = /* @__PURE__ */ (() =>
  z.omit(FailureShape, { event: true }).check(z.meta({ id: 'AnnouncedFailure' })))();

export const FailurePath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();

export const FailureListQuery = /* @__PURE__ */ (() =>
  z.strictObject({ status: z.optional(z.enum(FAILURE_STATES)), limit: Limit(25), cursor: Cursor }))();
export type FailureListQuery = z.infer<typeof FailureListQuery>;

/** A dead letter as the failure handler reads it, before it is a record. */
export interface DeadLetter {
  readonly rule: string;
  readonly event: Record<string, unknown>;
  readonly error: { readonly type: string; readonly message: string };
  readonly attempts: number;
  /** The dead-letter message's id: the same message recorded twice counts once. */
  readonly messageId: string;
}
