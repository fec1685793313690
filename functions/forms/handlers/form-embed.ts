// GET /forms/{id}/embed (public) → the form as a complete HTML page that works with JavaScript off; with
// ?submitted, the thank-you page a browser post lands on. Each render carries a fresh one-time key.

import { html, publicHttpHandler } from '../../platform/http.ts';
import { publicForm } from '../form.ts';
import { formPagePolicy, newIdempotencyKey, renderFormPage, renderThankYouPage } from '../form-page.ts';
import { publishedForm } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = publicHttpHandler(routes.formEmbed, async ({ params, query }) => {
  const form = await publishedForm(params.id);
  // The page may be framed only by the sites the form names (and never cached: its key is one-time).
  const headers = { 'Cache-Control': 'no-store', 'Content-Security-Policy': formPagePolicy(form) };
  if (query.submitted !== undefined) return html(200, renderThankYouPage(publicForm(form)), headers);
  return html(
    200,
    renderFormPage(publicForm(form), { idempotencyKey: newIdempotencyKey(), action: 'submissions' }),
    headers,
  );
});
