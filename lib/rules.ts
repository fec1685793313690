// Event rules, declared once: pattern → handler. The CDK stack turns each into an EventBridge rule
// (retry policy + DLQ on the target); the local bus matches the same patterns in process.

export const EVENT_SOURCE = 'clientele';

/** An EventBridge event pattern, as JSON (`detail-type`, not `detailType`). */
export type EventPattern = { readonly [field: string]: unknown };

export interface RuleDeclaration {
  /** Stable, unique; used for construct ids and the local dead-letter file. */
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** File under functions/ (without .ts) whose `handler` export is the target. */
  readonly handler: string;
}

export const RULES: readonly RuleDeclaration[] = [
  {
    name: 'RecordLastContact',
    description: "An interaction moves its account's lastContactAt forward (never back).",
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['InteractionLogged'] },
    handler: 'record-last-contact',
  },
];
