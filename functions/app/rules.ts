// The event rules, assembled once from the areas' declarations: the CDK stack turns each into an EventBridge
// rule (retry policy + DLQ on the target); the local bus matches the same patterns in process.
import { RULES as accounts } from '../accounts/rules.ts';
import { RULES as bulk } from '../bulk/rules.ts';
import { RULES as events } from '../events/rules.ts';
import { RULES as forms } from '../forms/rules.ts';
import { RULES as lifecycle } from '../lifecycle/rules.ts';
import { RULES as orders } from '../orders/rules.ts';
import type { RuleDeclaration } from '../platform/declarations.ts';
import { RULES as reporting } from '../reporting/rules.ts';
import { RULES as sales } from '../sales/rules.ts';
import { RULES as search } from '../search/rules.ts';
import { RULES as service } from '../service/rules.ts';
import { RULES as work } from '../work/rules.ts';

export const RULES: readonly RuleDeclaration[] = [
  ...accounts,
  ...forms,
  ...sales,
  ...orders,
  ...service,
  ...reporting,
  ...work,
  ...lifecycle,
  ...search,
  ...bulk,
  ...events,
];
