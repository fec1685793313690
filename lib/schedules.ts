// Schedules, declared once: the CDK stack creates an EventBridge Scheduler schedule for each, the local
// runtime's cron runs the same list. Expressions use EventBridge's cron(...) / rate(...) syntax, UTC.

export interface ScheduleDeclaration {
  readonly name: string;
  readonly description: string;
  /** EventBridge schedule expression, e.g. `cron(0 6 * * ? *)` or `rate(1 hour)`. */
  readonly expression: string;
  /** File under functions/ (without .ts) whose `handler` export runs. */
  readonly handler: string;
}

// The reporting, billing and reminder jobs arrive with the lifecycle and reporting work.
export const SCHEDULES: readonly ScheduleDeclaration[] = [];
