// What an EventBridge rule target goes through: the detail parsed with its schema, the Lambda context in every
// log line, the outcome logged once. Failures propagate, so Lambda and EventBridge retry and then dead-letter.
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { $ZodType, output } from 'zod/v4/core';
import { actingAs } from './actor.ts';
import { logger } from './logger.ts';
import * as z from './zod.ts';

export interface EventLog {
  /** The line's message; each rule keeps its own so its lines can be found. */
  readonly message?: string;
  readonly level?: 'debug' | 'info';
}

/**
 * A rule target: `fn` gets the parsed detail and the event and returns a summary, logged with the event's
 * detail-type and id. (No middy here: adding the context by hand keeps these bundles smaller.)
 */
export function eventHandler<
  S extends $ZodType<{ readonly eventId: string }>,
  R extends Record<string, unknown>,
>(
  schema: S,
  fn: (detail: output<S>, event: EventBridgeEvent<string, unknown>) => Promise<R>,
  { message = 'event handled', level = 'info' }: EventLog = {},
) {
  return async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<void> => {
    if (context !== undefined) logger.addContext(context);
    try {
      const detail = z.parse(schema, event.detail);
      // What the automation writes is made by the system, named for its function.
      const summary = await actingAs(`system:${context?.functionName ?? 'automation'}`, () =>
        fn(detail, event),
      );
      logger[level](message, {
        detailType: event['detail-type'],
        eventId: detail.eventId,
        ...summary,
      });
    } finally {
      // Keys appended during one invocation must not leak into the next one's lines.
      logger.resetKeys();
    }
  };
}
