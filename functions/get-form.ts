// GET /forms/{id} (public) → what a page needs to render the form and where to post it.
import { FormPath, publicForm } from './domain/form.ts';
import { getForm } from './domain/form-store.ts';
import { corsHeaders } from './shared/cors.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: FormPath }, async ({ params, event }) => {
  const form = await getForm(params.id);
  return json(200, publicForm(form), {
    ...corsHeaders(form.allowedOrigins, event),
    'Cache-Control': 'public, max-age=60',
  });
});
