// OPTIONS /forms/{id}/submissions (public): the CORS preflight — answered for the form's allowed origins,
// 403 for any other.

import { publicHttpHandler } from '../../platform/http.ts';
import { corsHeaders } from '../cors.ts';
import { publishedForm } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = publicHttpHandler(routes.formPreflight, async ({ params, event }) => {
  const form = await publishedForm(params.id);
  return {
    statusCode: 204,
    headers: {
      ...corsHeaders(form.allowedOrigins, event),
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Accept, Idempotency-Key',
      'Access-Control-Max-Age': '600',
    },
  };
});
