// What a schedule hands its function: the schedule's name and the time the run is for (EventBridge
// Scheduler's `<aws.scheduler.scheduled-time>`; the local cron and `npm run job -- <name> --at <time>` send
// the same). The job's summary is logged and returned.
import type { Context } from 'aws-lambda';
import { actingAs } from './actor.ts';
import { logger } from './logger.ts';
import * as z from './zod.ts';

export const ScheduledRun = /* @__PURE__ */ (() =>
  z.object({
    schedule: z.string().check(z.minLength(1)),
    time: z.iso.datetime({ offset: true }),
  }))();
export type ScheduledRun = z.infer<typeof ScheduledRun>;

export function scheduledHandler<R extends Record<string, unknown>>(job: (at: Date) => Promise<R>) {
  return async (event: unknown, context?: Context): Promise<R> => {
    const run = z.parse(ScheduledRun, event);
    if (context !== undefined) logger.addContext(context);
    const started = Date.now();
    const summary = await actingAs(`system:${run.schedule}`, () => job(new Date(run.time)));
    logger.info('scheduled run', {
      schedule: run.schedule,
      time: run.time,
      ms: Date.now() - started,
      ...summary,
    });
    return summary;
  };
}
