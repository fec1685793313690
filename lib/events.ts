// The event backbone: the custom bus and its archive, the outbox relay from the table's stream onto the
// bus, one function + rule per declared event rule, and one function + schedule per declared schedule.
// Every asynchronous hop ends in a dead-letter queue, so a failure is parked, never dropped.
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus, type EventPattern as L2EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindBus, bindTable, ClienteleFunction, logicalIdOf } from './function.ts';
import { EVENT_SOURCE, type EventPattern, type RuleDeclaration } from './rules.ts';
import type { ScheduleDeclaration } from './schedules.ts';

/**
 * An SQS queue that only ever receives failures. SSE-SQS rather than a KMS key: EventBridge and Scheduler
 * cannot write to a queue encrypted with the AWS managed aws/sqs key.
 */
export function deadLetterQueue(scope: Construct, id: string, receives: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const reason = `This queue is itself the dead-letter queue for ${receives}; a further redrive would only move the same failures again.`;
  Validations.of(queue).acknowledge(
    { id: 'AwsSolutions-SQS3', reason },
    { id: 'Serverless-SQSRedrivePolicy', reason },
  );
  return queue;
}

/**
 * The declared pattern uses EventBridge's own JSON keys; the L2 `Rule` spells `detail-type` as
 * `detailType` and renders it back, passing every value through untouched (the infra test compares the
 * synthesised pattern with the declared one).
 */
export function toL2EventPattern(pattern: EventPattern): L2EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return (detailType === undefined ? rest : { ...rest, detailType }) as L2EventPattern;
}

/** Asynchronous invocations (EventBridge, Scheduler): function errors are retried by Lambda, then parked. */
function asyncFailureHandling(dlq: Queue) {
  return { onFailure: new SqsDestination(dlq), retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;
}

/**
 * The function behind a rule or a schedule: invoked asynchronously, retried by Lambda, and parked in its own
 * dead-letter queue (shared by the rule or schedule target) when it keeps failing. Writes to the table.
 */
function automation(
  scope: Construct,
  table: ITableV2,
  handler: string,
  description: string,
  timeout: Duration,
  receives: string,
): { fn: ClienteleFunction; dlq: Queue } {
  const dlq = deadLetterQueue(scope, 'DeadLetters', receives);
  const fn = new ClienteleFunction(scope, 'Handler', {
    handler,
    description,
    timeout,
    ...asyncFailureHandling(dlq),
  });
  bindTable(fn, table, 'write');
  Validations.of(fn.fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: ASYNC_DLQ_REASON });
  return { fn, dlq };
}

const ASYNC_DLQ_REASON =
  'Invoked asynchronously; failed invocations go to the on-failure destination of its EventInvokeConfig (an SQS queue), which unlike a DeadLetterConfig also records the error and the request context.';

export interface EventsProps {
  readonly table: ITableV2;
  readonly rules: readonly RuleDeclaration[];
  readonly schedules: readonly ScheduleDeclaration[];
}

export class Events extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly relay: ClienteleFunction;
  readonly relayDeadLetters: Queue;
  readonly ruleFunctions = new Map<string, ClienteleFunction>();
  readonly scheduleFunctions = new Map<string, ClienteleFunction>();

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const { table } = props;

    this.bus = new EventBus(this, 'Bus', { description: 'Clientele domain events' });
    this.archive = this.bus.archive('Archive', {
      description: `Every ${EVENT_SOURCE} event, for replay`,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    // The outbox relay: the table's stream is the outbox, so a write and its announcement cannot diverge.
    this.relayDeadLetters = deadLetterQueue(
      this,
      'RelayDeadLetters',
      'table-stream batches the relay gave up on',
    );
    this.relay = new ClienteleFunction(this, 'RelayTableChanges', {
      handler: 'relay-table-changes',
      description: 'Turns table stream records into domain events on the bus',
      // A batch of 100 records is at most 10 PutEvents calls, each retried for its failed entries.
      timeout: Duration.minutes(1),
    });
    bindBus(this.relay, this.bus);
    this.relay.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        // The failure record holds only shard and sequence numbers: parking a stuck batch after 6 hours
        // leaves most of the stream's 24-hour retention to re-read and replay it.
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.relayDeadLetters),
      }),
    );
    Validations.of(this.relay.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked by a DynamoDB stream event source mapping (synchronous polling), where a DeadLetterConfig is never used; failed batches go to the mapping OnFailure SQS destination.',
    });

    for (const rule of props.rules) {
      const scope = new Construct(this, rule.name);
      const { fn, dlq } = automation(
        scope,
        table,
        rule.handler,
        rule.description,
        Duration.seconds(30),
        `the ${rule.name} rule (events EventBridge could not deliver, and invocations that failed after Lambda's retries)`,
      );
      new Rule(scope, 'Rule', {
        eventBus: this.bus,
        description: rule.description,
        eventPattern: toL2EventPattern(rule.pattern),
        targets: [
          // Covers delivery only (throttling, service errors): once Lambda accepts the event, its own
          // asynchronous retries and on-failure destination take over.
          new LambdaFunction(fn.fn, {
            retryAttempts: 50,
            maxEventAge: Duration.hours(6),
            deadLetterQueue: dlq,
          }),
        ],
      });
      this.ruleFunctions.set(rule.name, fn);
    }

    for (const schedule of props.schedules) {
      const scope = new Construct(this, schedule.name);
      const { fn, dlq } = automation(
        scope,
        table,
        schedule.handler,
        schedule.description,
        Duration.minutes(5),
        `the ${schedule.name} schedule (runs Scheduler could not deliver, and invocations that failed after Lambda's retries)`,
      );
      // One role per schedule (rather than the target's shared default) so its finding is acknowledged here.
      const stack = Stack.of(this);
      const role = new Role(scope, 'SchedulerRole', {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': stack.account,
              'aws:SourceArn': stack.formatArn({
                service: 'scheduler',
                resource: 'schedule-group',
                resourceName: 'default',
              }),
            },
          },
        }),
      });
      new Schedule(scope, 'Schedule', {
        description: schedule.description,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.ETC_UTC),
        target: new LambdaInvoke(fn.fn, {
          role,
          retryAttempts: 10,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: dlq,
        }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.fn)}.Arn>:*]`,
        reason: `lambda:InvokeFunction on the versions and aliases (:*) of the ${schedule.handler} function only, as Function.grantInvoke writes it.`,
      });
      this.scheduleFunctions.set(schedule.name, fn);
    }
  }
}
