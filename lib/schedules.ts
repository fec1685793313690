// Schedules, declared once: the CDK stack creates an EventBridge Scheduler schedule for each, the local
// runtime's cron runs the same list. Expressions use EventBridge's cron(...) / rate(...) syntax, UTC.

export interface ScheduleDeclaration {
  readonly name: string;
  readonly description: string;
  /** EventBridge schedule expression, e.g. `cron(0 6 * * ? *)` or `rate(1 hour)`. */
  readonly expression: string;
  /** File under functions/ (without .ts) whose `handler` export runs. */
  readonly handler: string;
  /** Writes report files (the reports bucket on AWS). */
  readonly reports?: 'write';
}

export const SCHEDULES: readonly ScheduleDeclaration[] = [
  {
    name: 'retainer-invoices',
    description:
      'Monthly, the 1st at 06:00 UTC: one retainer invoice per active client account for the month.',
    expression: 'cron(0 6 1 * ? *)',
    handler: 'issue-retainer-invoices',
  },
  {
    name: 'tasks-due',
    description:
      'Hourly: a TaskDue event and an e-mail to the assignee for each open task falling due, once.',
    expression: 'cron(0 * * * ? *)',
    handler: 'announce-due-tasks',
  },
  {
    name: 'ticket-escalations',
    description:
      'Hourly: urgent tickets unresolved 4 hours after opening escalated once, by e-mail to the admins.',
    expression: 'cron(5 * * * ? *)',
    handler: 'escalate-urgent-tickets',
  },
  {
    name: 'reports',
    description:
      "Daily at 06:00 UTC: the previous day's report; on Mondays also the previous week's, on the 1st the previous month's.",
    expression: 'cron(0 6 * * ? *)',
    handler: 'generate-reports',
    reports: 'write',
  },
];
