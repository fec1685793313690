// GET /forms/{id} (public) → what a page needs to render the form and where to post it.

import { httpHandler, json } from '../../platform/http.ts';
import { corsHeaders } from '../cors.ts';
import { FormPath, publicForm } from '../form.ts';
import { getForm } from '../form-store.ts';

export const handler = httpHandler({ params: FormPath }, async ({ params, event }) => {
  const form = await getForm(params.id);
  return json(200, publicForm(form), {
    ...corsHeaders(form.allowedOrigins, event),
    'Cache-Control': 'public, max-age=60',
  });
});
