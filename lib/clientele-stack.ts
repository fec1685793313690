// The whole backend, deployed as one: the table, the users, the reports and uploads buckets and the API in this
// stack, the API's route functions in a nested stack per area and the event backbone in one of its own
// (CloudFormation allows 500 resources a template), each built from the declarations in lib/ that the local
// runtime reads too.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { ROUTES } from '../functions/app/routes.ts';
import { RULES } from '../functions/app/rules.ts';
import { SCHEDULES } from '../functions/app/schedules.ts';
import type {
  RouteDeclaration,
  RuleDeclaration,
  ScheduleDeclaration,
} from '../functions/platform/declarations.ts';
import { TABLE } from '../functions/platform/table.ts';
import { parseVisibility } from '../functions/platform/visibility.ts';
import { Api } from './api.ts';
import { Users } from './auth.ts';
import { type Events, EventsStack } from './events.ts';
import { Reports } from './reports.ts';
import { Uploads } from './uploads.ts';

/** The sender when neither the `mailFrom` prop nor the `mailFrom` context value says otherwise. */
export const DEFAULT_MAIL_FROM = 'no-reply@example.com';

export interface ClienteleStackProps extends StackProps {
  /** Defaults to the declared lists; tests pass their own to exercise a case the lists lack yet. */
  readonly routes?: readonly RouteDeclaration[];
  readonly rules?: readonly RuleDeclaration[];
  readonly schedules?: readonly ScheduleDeclaration[];
  /**
   * From address of the e-mail the automations send through SES, e.g. `Clientele <crm@example.org>`;
   * otherwise the CDK context value `mailFrom` (`cdk deploy -c mailFrom=crm@example.org`), otherwise
   * DEFAULT_MAIL_FROM. SES must have the address, or its domain, as a verified identity in the stack's
   * region (and, while the account is in the SES sandbox, every recipient too), or sending fails.
   */
  readonly mailFrom?: string;
  /**
   * Record-level visibility per role (functions/platform/visibility.ts), as JSON: otherwise the CDK context
   * value `visibility` (`cdk deploy -c visibility='{"sales":"own"}'`), otherwise everyone sees all.
   */
  readonly visibility?: string;
  /**
   * An SNS topic's ARN for the dead-letter alarms to notify: otherwise the CDK context value `alarmTopic`
   * (`cdk deploy -c alarmTopic=arn:aws:sns:eu-central-1:123456789012:ops`); without one the alarms only show
   * in CloudWatch.
   */
  readonly alarmTopicArn?: string;
}

export class ClienteleStack extends Stack {
  readonly table: TableV2;
  readonly users: Users;
  readonly api: Api;
  /** The nested stack the event backbone is deployed in. */
  readonly eventsStack: EventsStack;
  readonly events: Events;
  readonly reports: Reports;
  readonly uploads: Uploads;

  /** A context value that is a number of days (undefined when not given); anything else stops the synth. */
  private days(name: string, example: number): number | undefined {
    const value: unknown = this.node.tryGetContext(name);
    if (value === undefined) return undefined;
    const days = Number(value);
    if (!(Number.isInteger(days) && days > 0)) {
      throw new Error(`The ${name} context value must be a whole number of days (say ${example}).`);
    }
    return days;
  }

  constructor(scope: Construct, id: string, props: ClienteleStackProps = {}) {
    super(scope, id, props);

    // TableV2 (AWS::DynamoDB::GlobalTable): the construct AWS recommends for new tables; a replica region
    // can be added later in place, where a Table would have to be replaced or re-imported.
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      dynamoStream: StreamViewType[TABLE.stream],
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
    });

    this.users = new Users(this, 'Users');
    this.reports = new Reports(this, 'Reports');
    this.uploads = new Uploads(this, 'Uploads');
    const visibilityContext: unknown = this.node.tryGetContext('visibility');
    const visibility =
      props.visibility ??
      (visibilityContext === undefined || typeof visibilityContext === 'string'
        ? visibilityContext
        : JSON.stringify(visibilityContext));
    // A mistake fails the synth, naming it, rather than every request after the deploy.
    parseVisibility(visibility);
    this.api = new Api(this, 'Api', {
      table: this.table,
      reports: this.reports,
      uploads: this.uploads,
      userPool: this.users.userPool,
      routes: props.routes ?? ROUTES,
      ...(visibility === undefined || visibility === '' ? {} : { visibility }),
    });
    const mailFromContext: unknown = this.node.tryGetContext('mailFrom');
    if (mailFromContext !== undefined && typeof mailFromContext !== 'string') {
      throw new Error('The mailFrom context value must be a string (an e-mail address).');
    }
    const alarmTopicContext: unknown = this.node.tryGetContext('alarmTopic');
    if (
      alarmTopicContext !== undefined &&
      (typeof alarmTopicContext !== 'string' || !alarmTopicContext.startsWith('arn:'))
    ) {
      throw new Error('The alarmTopic context value must be an SNS topic ARN (arn:aws:sns:…).');
    }
    const alarmTopicArn = props.alarmTopicArn ?? alarmTopicContext;
    const historyRetentionDays = this.days('historyRetentionDays', 365);
    const eventArchiveDays = this.days('eventArchiveDays', 90);
    // Not 'Events', the id the backbone had in this stack: the bus's name is generated from its construct
    // path, and on updating a stack from before the split the new bus is made while the old one still exists.
    this.eventsStack = new EventsStack(this, 'EventBackbone', {
      table: this.table,
      rules: props.rules ?? RULES,
      schedules: props.schedules ?? SCHEDULES,
      mailFrom:
        props.mailFrom ??
        (typeof mailFromContext === 'string' ? mailFromContext : undefined) ??
        DEFAULT_MAIL_FROM,
      publicUrl: this.api.restApi.url,
      reports: this.reports,
      uploads: this.uploads,
      ...(alarmTopicArn === undefined ? {} : { alarmTopicArn }),
      ...(historyRetentionDays === undefined ? {} : { historyRetentionDays }),
      ...(eventArchiveDays === undefined ? {} : { eventArchiveDays }),
    });
    this.events = this.eventsStack.events;

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.restApi.url,
      description: 'Base URL of the REST API stage',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.users.client.userPoolClientId,
      description: 'App client for `aws cognito-idp initiate-auth --auth-flow USER_PASSWORD_AUTH`',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reports.bucket.bucketName });
    new CfnOutput(this, 'UploadsBucketName', { value: this.uploads.bucket.bucketName });
  }
}
