// GET /forms/{id}/submissions → the form's submissions, newest first, each with its processing state
// (accepted, processed with what it produced, failed with the reason).
import { FormPath, SubmissionListQuery } from './domain/form.ts';
import { listSubmissions } from './domain/form-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: FormPath, query: SubmissionListQuery },
  async ({ params, query }) => json(200, await listSubmissions(params.id, query)),
);
