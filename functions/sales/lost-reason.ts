// Why deals are lost: a list the business keeps (admin), each reason a short code and a label. A deal moved to
// lost names one (deal.ts); the report counts the period's losses by reason. Until an admin changes it, the list
// is the default below — which includes the losses a consultant chooses: declining a poor fit, or leaving an
// engagement early.
import * as z from '../platform/zod.ts';

/** A reason's code: what a deal stores and the report counts by (so it is never a counter-name separator). */
export const ReasonCode = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'A code of 1–40 lower-case letters, digits and _, e.g. no_fit.'),
      z.meta({ description: 'A lost reason’s code (GET /lost-reasons).', examples: ['price'] }),
    ))();

const Reason = /* @__PURE__ */ (() =>
  z.strictObject({
    code: ReasonCode,
    label: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  }))();

export const MAX_LOST_REASONS = 50;

export const LostReasonsInput = /* @__PURE__ */ (() =>
  z
    .strictObject({
      reasons: z.array(Reason).check(
        z.minLength(1),
        z.maxLength(MAX_LOST_REASONS),
        z.refine((reasons) => new Set(reasons.map((reason) => reason.code)).size === reasons.length, {
          message: 'Each code once.',
        }),
      ),
    })
    .check(z.meta({ id: 'LostReasonsInput' })))();
export type LostReasonsInput = z.infer<typeof LostReasonsInput>;

export const LostReasons = /* @__PURE__ */ (() =>
  z
    .object({
      reasons: z.array(z.object({ code: z.string(), label: z.string() })),
      /** 0 while the default list holds (nobody changed it yet). */
      version: z.int(),
      updatedAt: z.optional(z.string()),
      createdBy: z.optional(z.string()),
      updatedBy: z.optional(z.string()),
    })
    .check(z.meta({ id: 'LostReasons' })))();
export type LostReasons = z.infer<typeof LostReasons>;

export const DEFAULT_LOST_REASONS: LostReasons = {
  reasons: [
    { code: 'price', label: 'Price' },
    { code: 'timing', label: 'Timing' },
    { code: 'no_fit', label: 'No fit' },
    { code: 'competitor', label: 'Went with a competitor' },
    { code: 'declined_by_us', label: 'Declined by us (a poor fit, or we left early)' },
  ],
  version: 0,
};
