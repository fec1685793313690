// The forms area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

const formSubmitted = (kind: string) => ({
  source: [EVENT_SOURCE],
  'detail-type': ['FormSubmitted'],
  detail: { data: { kind: [kind] } },
});

export const RULES = [
  {
    name: 'ProcessLeadSubmission',
    description:
      'A lead form submission → contact and account (scored, owned round-robin), interaction, follow-up task.',
    pattern: formSubmitted('lead'),
    handler: 'forms/handlers/process-lead-submission',
  },
  {
    name: 'ProcessSupportSubmission',
    description:
      'A support form submission → contact, ticket assigned round-robin, interaction, e-mail to the assignee.',
    pattern: formSubmitted('support'),
    handler: 'forms/handlers/process-support-submission',
  },
  {
    name: 'ProcessContactSubmission',
    description: 'A contact form submission → contact and interaction.',
    pattern: formSubmitted('contact'),
    handler: 'forms/handlers/process-contact-submission',
  },
  {
    name: 'ClaimEmailDomain',
    description:
      "A contact created → its company e-mail domain claimed for its account if no account has it, so that domain's leads join it.",
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['ContactCreated'] },
    handler: 'forms/handlers/claim-email-domain',
  },
] as const satisfies readonly RuleDeclaration[];
