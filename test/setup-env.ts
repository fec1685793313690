// Point every handler module at the run's DynamoDB Local before any test file imports one.
import { inject } from 'vitest';

process.env.TABLE_NAME = inject('tableName');
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
process.env.EVENT_BUS_NAME ??= 'clientele-test';
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT';
// The failure handler learns a dead letter's rule from its queue; the redrive, each rule's function.
process.env.DEAD_LETTER_RULES ??= JSON.stringify([
  ['arn:aws:sqs:us-east-1:000000000000:dlq', 'ProcessLeadSubmission'],
]);
process.env.RULE_FUNCTIONS ??= JSON.stringify({});
