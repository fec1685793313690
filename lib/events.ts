// The event backbone: the custom bus and its archive, the outbox relay from the table's stream onto the
// bus, one function + rule per declared event rule, and one function + schedule per declared schedule.
// Every asynchronous hop ends in a dead-letter queue, so a failure is parked, never dropped; the rules'
// dead letters are read by the failure handler, which records why each automation gave up. It is deployed
// as a nested stack of its own (EventsStack), so it and the API each have CloudFormation's resource limit.
import { Duration, NestedStack, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus, type EventPattern as L2EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FAILURE_HANDLER, REDRIVE_HANDLER, RELAY_HANDLER } from '../functions/events/declarations.ts';
import {
  EVENT_SOURCE,
  type EventPattern,
  functionName,
  type RuleDeclaration,
  type ScheduleDeclaration,
} from '../functions/platform/declarations.ts';
import { bindBus, bindMail, bindTable, ClienteleFunction, logicalIdOf } from './function.ts';
import type { Reports } from './reports.ts';
import type { Uploads } from './uploads.ts';

/** The failure handler's timeout; the queues it reads hide a message in flight six times as long. */
const FAILURE_HANDLER_TIMEOUT = Duration.seconds(30);
/** Receives of a dead letter the failure handler could not record before it moves on to the last queue. */
const FAILURE_HANDLER_ATTEMPTS = 5;

/** What a dead-letter queue does with its own messages when a consumer reads it. */
interface Consumed {
  /** Where messages go that its consumer failed on this many times. */
  readonly redriveTo: Queue;
  /** At least six times the consumer's timeout, as AWS recommends for an SQS event source. */
  readonly visibilityTimeout: Duration;
}

/**
 * An SQS queue that only ever receives failures. SSE-SQS rather than a KMS key: EventBridge and Scheduler
 * cannot write to a queue encrypted with the AWS managed aws/sqs key. A queue something reads (`consumed`)
 * redrives what its consumer cannot process; any other is the end of the line.
 */
export function deadLetterQueue(scope: Construct, id: string, receives: string, consumed?: Consumed): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...(consumed === undefined
      ? {}
      : {
          visibilityTimeout: consumed.visibilityTimeout,
          deadLetterQueue: { queue: consumed.redriveTo, maxReceiveCount: FAILURE_HANDLER_ATTEMPTS },
        }),
  });
  if (consumed === undefined) {
    const reason = `This queue is itself the dead-letter queue for ${receives}; a further redrive would only move the same failures again.`;
    Validations.of(queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason },
      { id: 'Serverless-SQSRedrivePolicy', reason },
    );
  }
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
 * dead-letter queue (shared by the rule or schedule target) when it keeps failing. Writes to the table, and
 * links what it e-mails to the API at `publicUrl` (PUBLIC_API_URL).
 */
function automation(
  scope: Construct,
  table: ITableV2,
  publicUrl: string,
  handler: string,
  description: string,
  timeout: Duration,
  receives: string,
  consumed?: Consumed,
): { fn: ClienteleFunction; dlq: Queue } {
  const dlq = deadLetterQueue(scope, 'DeadLetters', receives, consumed);
  const fn = new ClienteleFunction(scope, 'Handler', {
    handler,
    description,
    timeout,
    ...asyncFailureHandling(dlq),
  });
  bindTable(fn, table, 'write');
  fn.fn.addEnvironment('PUBLIC_API_URL', publicUrl);
  Validations.of(fn.fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: ASYNC_DLQ_REASON });
  return { fn, dlq };
}

const ASYNC_DLQ_REASON =
  'Invoked asynchronously; failed invocations go to the on-failure destination of its EventInvokeConfig (an SQS queue), which unlike a DeadLetterConfig also records the error and the request context.';

/** The rule handler that sends e-mail: it gets the sender address and the SES permission. */
export const MAIL_HANDLER = 'work/handlers/send-mail';

export interface EventsProps {
  readonly table: ITableV2;
  readonly rules: readonly RuleDeclaration[];
  readonly schedules: readonly ScheduleDeclaration[];
  /** The From of every e-mail the automations send (`send-mail`); an SES-verified identity. */
  readonly mailFrom: string;
  /**
   * The API's public base URL, for links the automations and jobs e-mail (survey links, the record a mail is
   * about): PUBLIC_API_URL.
   */
  readonly publicUrl: string;
  /** The report files' bucket, for the schedules that write reports. */
  readonly reports?: Reports;
  /** The uploads bucket, for the rules that read uploaded files. */
  readonly uploads?: Uploads;
  /**
   * An SNS topic (its ARN) the dead-letter alarms notify; without one they only show in CloudWatch. The CDK
   * context value `alarmTopic` (`cdk deploy -c alarmTopic=arn:aws:sns:…`).
   */
  readonly alarmTopicArn?: string;
  /** Days a history entry is kept (HISTORY_RETENTION_DAYS of the history rule); the context `historyRetentionDays`. */
  readonly historyRetentionDays?: number;
  /**
   * Days the bus archive keeps each event (default 90), the context `eventArchiveDays`: events carry the
   * records' data, so a person erased from the table stays in the archive until then.
   */
  readonly eventArchiveDays?: number;
}

/** How long the bus archive keeps an event unless the stack says otherwise (personal data in it expires then). */
export const DEFAULT_ARCHIVE_DAYS = 90;

export class Events extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly relay: ClienteleFunction;
  readonly relayDeadLetters: Queue;
  readonly ruleFunctions = new Map<string, ClienteleFunction>();
  /** Rule name → its dead-letter queue (the target DLQ and the function's on-failure destination). */
  readonly ruleDeadLetters = new Map<string, Queue>();
  /** Reads every rule's dead-letter queue and records the failures (undefined without rules). */
  readonly failureHandler?: ClienteleFunction;
  /** Dead letters the failure handler could not record either. */
  readonly unprocessable?: Queue;
  readonly scheduleFunctions = new Map<string, ClienteleFunction>();
  /** Schedule name → its dead-letter queue (runs Scheduler could not deliver, invocations that failed). */
  readonly scheduleDeadLetters = new Map<string, Queue>();
  /**
   * Dead-letter queue → its alarms: depth (anything waiting) and age (waiting too long), and for a rule's
   * queue any dead letter at all (its automation gave up).
   */
  readonly alarms = new Map<Queue, { readonly depth: Alarm; readonly age: Alarm; readonly gaveUp?: Alarm }>();

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const { table } = props;

    this.bus = new EventBus(this, 'Bus', { description: 'Clientele domain events' });
    this.archive = this.bus.archive('Archive', {
      description: `Every ${EVENT_SOURCE} event, for replay`,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(props.eventArchiveDays ?? DEFAULT_ARCHIVE_DAYS),
    });

    // The outbox relay: the table's stream is the outbox, so a write and its announcement cannot diverge.
    this.relayDeadLetters = deadLetterQueue(
      this,
      'RelayDeadLetters',
      'table-stream batches the relay gave up on',
    );
    this.relay = new ClienteleFunction(this, 'RelayTableChanges', {
      handler: RELAY_HANDLER,
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

    // The rules' dead letters are read by one function that records why each automation gave up (a form
    // submission then shows "failed" and the reason); the events stay in the bus archive for a replay.
    // What it cannot record is retried, then parked in the last queue.
    if (props.rules.length > 0) {
      const failures = new Construct(this, 'AutomationFailures');
      this.unprocessable = deadLetterQueue(
        failures,
        'Unprocessable',
        'dead letters of the automations that the failure handler could not record either',
      );
      this.failureHandler = new ClienteleFunction(failures, 'Handler', {
        handler: FAILURE_HANDLER,
        description:
          'Records why an automation gave up, from its dead-letter queue, on the record it concerned',
        timeout: FAILURE_HANDLER_TIMEOUT,
      });
      bindTable(this.failureHandler, table, 'write');
      Validations.of(this.failureHandler.fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked by SQS event source mappings (synchronous polling), where a DeadLetterConfig is never used; messages it fails on return to their queue and, after repeated failures, move to the Unprocessable queue through the queue redrive policy.',
      });
    }
    const consumed =
      this.unprocessable === undefined
        ? undefined
        : {
            redriveTo: this.unprocessable,
            visibilityTimeout: Duration.seconds(FAILURE_HANDLER_TIMEOUT.toSeconds() * 6),
          };

    for (const rule of props.rules) {
      const scope = new Construct(this, rule.name);
      const { fn, dlq } = automation(
        scope,
        table,
        props.publicUrl,
        rule.handler,
        rule.description,
        Duration.seconds(30),
        `the ${rule.name} rule (events EventBridge could not deliver, and invocations that failed after Lambda's retries)`,
        consumed,
      );
      if (rule.handler === MAIL_HANDLER) bindMail(fn, props.mailFrom);
      if (rule.uploads !== undefined) {
        if (props.uploads === undefined)
          throw new Error(`${rule.handler} reads uploads: give Events the Uploads`);
        props.uploads.bind(fn, rule.uploads);
      }
      if (rule.name === 'RecordHistory' && props.historyRetentionDays !== undefined) {
        fn.fn.addEnvironment('HISTORY_RETENTION_DAYS', String(props.historyRetentionDays));
      }
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
      this.ruleDeadLetters.set(rule.name, dlq);

      if (this.failureHandler !== undefined) {
        const source = new SqsEventSource(dlq, {
          // Failures are rare and each is a table write: small batches, retried message by message.
          batchSize: 5,
          maxBatchingWindow: Duration.seconds(5),
          reportBatchItemFailures: true,
        });
        this.failureHandler.fn.addEventSource(source);
        const mapping = this.failureHandler.fn.node.children.find(
          (child): child is EventSourceMapping =>
            child instanceof EventSourceMapping && child.eventSourceMappingId === source.eventSourceMappingId,
        );
        if (mapping === undefined) throw new Error(`No event source mapping for ${rule.name}'s dead letters`);
        Validations.of(mapping).acknowledge({
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason: `Lambda supports no on-failure destination for an SQS event source; the ${rule.name} dead-letter queue redrives a message the failure handler keeps failing on to the Unprocessable queue after ${FAILURE_HANDLER_ATTEMPTS} receives.`,
        });
      }
    }

    // Which rule a dead letter belongs to is its queue's: the failure handler gets the map.
    this.failureHandler?.fn.addEnvironment(
      'DEAD_LETTER_RULES',
      Stack.of(this).toJsonString([...this.ruleDeadLetters].map(([rule, queue]) => [queue.queueArn, rule])),
    );
    // The redrive hands a retried failure's event to its rule's function: it gets their names, and may
    // invoke them (asynchronously). Its own failures it redrives in process (a function cannot name itself).
    for (const [name, redrive] of this.ruleFunctions) {
      const rule = props.rules.find((candidate) => candidate.name === name);
      if (rule?.handler !== REDRIVE_HANDLER) continue;
      const others = [...this.ruleFunctions].filter(([other]) => other !== name);
      redrive.fn.addEnvironment(
        'RULE_FUNCTIONS',
        Stack.of(this).toJsonString(
          Object.fromEntries(others.map(([other, fn]) => [other, fn.fn.functionName])),
        ),
      );
      for (const [, fn] of others) fn.fn.grantInvoke(redrive.fn);
      // On the function's construct, so it covers its role's policy.
      Validations.of(redrive).acknowledge(
        ...others.map(([, fn]) => ({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.fn)}.Arn>:*]`,
          reason: `lambda:InvokeFunction on the versions and aliases (:*) of the ${fn.fn.node.path} function, as Function.grantInvoke writes it: a retried failure's event goes to its rule's function.`,
        })),
      );
    }

    for (const schedule of props.schedules) {
      const scope = new Construct(this, schedule.name);
      const { fn, dlq } = automation(
        scope,
        table,
        props.publicUrl,
        schedule.handler,
        schedule.description,
        Duration.minutes(5),
        `the ${schedule.name} schedule (runs Scheduler could not deliver, and invocations that failed after Lambda's retries)`,
      );
      if (schedule.reports !== undefined) {
        if (props.reports === undefined)
          throw new Error(`${schedule.handler} writes reports: give Events the Reports`);
        props.reports.bind(fn, schedule.reports);
      }
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
          // The payload every scheduled handler reads; the local cron (local/cron.ts) sends the same.
          input: ScheduleTargetInput.fromObject({
            schedule: schedule.name,
            time: ContextAttribute.scheduledTime,
          }),
          retryAttempts: 10,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: dlq,
        }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.fn)}.Arn>:*]`,
        reason: `lambda:InvokeFunction on the versions and aliases (:*) of the ${functionName(schedule.handler)} function only, as Function.grantInvoke writes it.`,
      });
      this.scheduleFunctions.set(schedule.name, fn);
      this.scheduleDeadLetters.set(schedule.name, dlq);
    }

    // Every dead-letter queue is watched: anything in it for 5 minutes (a queue the failure handler reads is
    // empty within seconds, unless it cannot record), anything an hour old, and for a rule any arrival.
    const topic: ITopic | undefined =
      props.alarmTopicArn === undefined
        ? undefined
        : Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
    const queues: [string, Queue][] = [
      ['relay', this.relayDeadLetters],
      ...(this.unprocessable === undefined ? [] : [['unprocessable', this.unprocessable] as [string, Queue]]),
      ...[...this.ruleDeadLetters].map(([name, queue]): [string, Queue] => [`rule ${name}`, queue]),
      ...[...this.scheduleDeadLetters].map(([name, queue]): [string, Queue] => [`schedule ${name}`, queue]),
    ];
    for (const [what, queue] of queues) {
      const depth = queue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Minimum' })
        .createAlarm(queue, 'DepthAlarm', {
          alarmDescription: `Dead letters of the ${what} waiting for 5 minutes: see GET /failures, and the queue.`,
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      const age = queue
        .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' })
        .createAlarm(queue, 'AgeAlarm', {
          alarmDescription: `A dead letter of the ${what} is over an hour old: nothing has handled it.`,
          threshold: 3600,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      // A rule's queue is emptied within seconds by the failure handler: what tells that an automation gave
      // up is a message arriving at all.
      const gaveUp = what.startsWith('rule ')
        ? queue
            .metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: 'Sum' })
            .createAlarm(queue, 'GaveUpAlarm', {
              alarmDescription: `The ${what} gave up on an event: see GET /failures.`,
              threshold: 0,
              comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
              evaluationPeriods: 1,
              treatMissingData: TreatMissingData.NOT_BREACHING,
            })
        : undefined;
      if (topic !== undefined) {
        for (const alarm of [depth, age, gaveUp]) alarm?.addAlarmAction(new SnsAction(topic));
      }
      this.alarms.set(queue, { depth, age, ...(gaveUp === undefined ? {} : { gaveUp }) });
    }
  }
}

/**
 * The backbone in a CloudFormation stack of its own, nested in the parent and deployed with it by the one
 * `cdk deploy`. What it reads from the parent (the table's name, ARN and stream, the reports and uploads
 * buckets, the API's URL) CDK passes in as the nested stack's parameters; the parent reads the bus name from
 * its outputs.
 */
export class EventsStack extends NestedStack {
  readonly events: Events;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id, {
      description: 'Clientele event backbone: bus and archive, stream relay, rules, schedules, dead letters',
    });
    this.events = new Events(this, 'Events', props);
  }
}
