// POST /failures/{id}/retry → 202 with the failure, now `retried`: the redrive (FailureRetryRequested, from
// the stream) hands the event to the rule's target again. 404 for an unknown failure.
import { httpHandler, json } from '../../platform/http.ts';
import { requestRetry } from '../failure-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.retryFailure, async ({ params }) =>
  json(202, await requestRetry(params.id, new Date())),
);
