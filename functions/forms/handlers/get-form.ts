// GET /forms/{id} (public) → what a page needs to render the form and where to post it.

import { json, publicHttpHandler } from '../../platform/http.ts';
import { corsHeaders } from '../cors.ts';
import { publicForm } from '../form.ts';
import { getForm } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = publicHttpHandler(routes.getForm, async ({ params, event }) => {
  const form = await getForm(params.id);
  return json(200, publicForm(form), {
    ...corsHeaders(form.allowedOrigins, event),
    'Cache-Control': 'public, max-age=60',
  });
});
