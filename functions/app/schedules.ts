// The schedules, assembled once from the areas' declarations: the CDK stack creates an EventBridge Scheduler
// schedule for each, the local runtime's cron runs the same list.
import { SCHEDULES as events } from '../events/schedules.ts';
import { SCHEDULES as orders } from '../orders/schedules.ts';
import type { ScheduleDeclaration } from '../platform/declarations.ts';
import { SCHEDULES as reporting } from '../reporting/schedules.ts';
import { SCHEDULES as search } from '../search/schedules.ts';
import { SCHEDULES as service } from '../service/schedules.ts';
import { SCHEDULES as work } from '../work/schedules.ts';

export const SCHEDULES: readonly ScheduleDeclaration[] = [
  ...orders,
  ...work,
  ...service,
  ...reporting,
  ...search,
  ...events,
];
