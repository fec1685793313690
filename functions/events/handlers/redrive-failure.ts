// FailureRetryRequested → the failed event goes to its rule's target again: the target's function is
// invoked asynchronously with the event, as EventBridge invokes it (so its own retries and dead-letter queue
// apply, and a failure comes back as the same failure record, open again). The record keeps which retry was
// handed over last, so a redelivered request is not handed over again. Locally LAMBDA_ENDPOINT is the local bus, which delivers to
// the rule through its journal.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { sendIfCondition } from '../../platform/store.ts';
import { TABLE_NAME } from '../../platform/table-name.ts';
import * as z from '../../platform/zod.ts';
import { failureKey } from '../entity.ts';
import { FailureRetryRequestedDetail } from '../event-schemas.ts';
import { getFailure } from '../failure-store.ts';
import { RULES } from '../rules.ts';

/** Rule name → the name of the function that is its target. */
const RULE_FUNCTIONS = JSON.parse(requireEnv('RULE_FUNCTIONS')) as Record<string, string>;
const lambda = new LambdaClient({ endpoint: optionalEnv('LAMBDA_ENDPOINT') });
/** This function's own rule: no function can be given its own name, so its failures are redriven here. */
const REDRIVE_RULE = RULES[0].name;

/** Hand the failed event to its rule's target again; the redrive's own failures are redriven here. */
async function redrive(detail: FailureRetryRequestedDetail) {
  const { data, change } = detail;
  const functionName = RULE_FUNCTIONS[data.rule];
  if (functionName === undefined && data.rule !== REDRIVE_RULE) {
    throw new Error(`No function for rule ${data.rule}`);
  }
  const failure = await getFailure(data.id);
  const retry = change.to;
  // A redelivery of this event after the handover: nothing more to do. (Two at once may both hand it
  // over; the targets are idempotent.)
  if ((failure.redriven ?? 0) >= retry) return { failureId: data.id, rule: data.rule, retry, first: false };
  if (functionName === undefined) {
    // A redrive that failed: its event is itself a retry request, redriven in this invocation.
    await redrive(z.parse(FailureRetryRequestedDetail, (failure.event as { detail?: unknown }).detail));
  } else {
    const { StatusCode } = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(failure.event)),
      }),
    );
    if (StatusCode !== 202) throw new Error(`Invoking ${functionName} answered ${String(StatusCode)}`);
  }
  await sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: failureKey(data.id),
      UpdateExpression: 'SET redriven = :retry',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(redriven) OR redriven < :retry)',
      ExpressionAttributeValues: { ':retry': retry },
    }),
  );
  return { failureId: data.id, rule: data.rule, retry, first: true };
}

export const handler = eventHandler(FailureRetryRequestedDetail, redrive, { message: 'failure redriven' });
