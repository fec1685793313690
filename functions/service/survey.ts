// Survey: one customer-satisfaction question (1–5 and a comment) for one resolution of a ticket, answered
// once. It is reached by an unguessable token (32 random bytes) that exists only in its key and in the
// link e-mailed to the ticket's contact — never in events, lists or logs.
import { randomBytes } from 'node:crypto';
import { authorship, Cursor, Id, Limit } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const Survey = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      ticketId: Id,
      accountId: Id,
      contactId: z.optional(Id),
      product: z.optional(z.string()),
      problem: z.string(),
      /** The resolution this survey asks about. */
      resolvedAt: z.string(),
      status: z.enum(['sent', 'answered']),
      score: z.optional(z.int()),
      comment: z.optional(z.string()),
      answeredAt: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Survey' })))();
export type Survey = z.infer<typeof Survey>;

export const SurveyAnswer = /* @__PURE__ */ (() =>
  z
    .strictObject({
      score: z
        .int('Choose a score from 1 to 5.')
        .check(z.minimum(1, 'Choose a score from 1 to 5.'), z.maximum(5, 'Choose a score from 1 to 5.')),
      comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    })
    .check(z.meta({ id: 'SurveyAnswer' })))();
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

/** What the person answering sees of it: no ids, no account. */
export const SurveyView = /* @__PURE__ */ (() =>
  z
    .object({
      product: z.optional(z.string()),
      problem: z.string(),
      resolvedAt: z.string(),
      status: z.enum(['sent', 'answered']),
      score: z.optional(z.int()),
      comment: z.optional(z.string()),
      answeredAt: z.optional(z.string()),
    })
    .check(z.meta({ id: 'SurveyView' })))();
export type SurveyView = z.infer<typeof SurveyView>;

export const viewOf = (survey: Survey): SurveyView => ({
  ...(survey.product === undefined ? {} : { product: survey.product }),
  problem: survey.problem,
  resolvedAt: survey.resolvedAt,
  status: survey.status,
  ...(survey.score === undefined ? {} : { score: survey.score }),
  ...(survey.comment === undefined ? {} : { comment: survey.comment }),
  ...(survey.answeredAt === undefined ? {} : { answeredAt: survey.answeredAt }),
});

/** `GET /surveys`: the surveys of one ticket or of one account (one of the two), sent and answered. */
export const SurveyListQuery = /* @__PURE__ */ (() =>
  z
    .strictObject({
      ticketId: z.optional(Id),
      accountId: z.optional(Id),
      limit: Limit(25),
      cursor: Cursor,
    })
    .check(
      z.refine((query) => (query.ticketId === undefined) !== (query.accountId === undefined), {
        message: 'Give ticketId or accountId (one of them).',
      }),
    ))();
export type SurveyListQuery = z.infer<typeof SurveyListQuery>;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Any string: a token of the wrong shape is simply one that does not exist (404), not a bad request. */
export const SurveyPath = /* @__PURE__ */ (() => z.strictObject({ token: z.string() }))();
/** `?answered`: the thank-you page after a browser's answer. */
export const SurveyPageQuery = /* @__PURE__ */ (() => z.object({ answered: z.optional(z.string()) }))();

export const newSurveyToken = () => randomBytes(32).toString('base64url');
export const isSurveyToken = (token: string) => TOKEN.test(token);
