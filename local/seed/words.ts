// The words the seed makes names, titles and comments of, and `slug` for the e-mail addresses made of them.

const words = (list: string) => list.split('|');

export const COMPANY_A = words(
  'Nordwind|Alpen|Blauwal|Kestrel|Lumen|Harbor|Orbit|Cedar|Falcon|Granite|Helix|Iris|Juniper|Keystone|Lynx|Meridian|Nimbus|Oakridge|Pioneer|Quartz|Riverside|Summit|Tidewater|Vertex|Willow|Zenith|Aurora|Beacon|Copper|Delta',
);
export const COMPANY_B = words(
  'Logistics|Foods|Analytics|Retail|Dental|Architects|Media|Pharma|Systems|Textiles|Energy|Legal|Travel|Robotics|Bakery|Consulting|Marine|Clinics|Studios|Motors',
);
export const COMPANY_FORM = words('GmbH|Ltd|BV|SAS|AG|Oy|S.L.|Inc.|ApS|AB');
export const DEPARTMENTS = words(
  'Finance|Human Resources|Facilities|IT Operations|Marketing|Procurement|Research|Warehouse|Customer Care|Legal Affairs',
);
export const SITES = words('Berlin|Lyon|Porto|Gdańsk|Utrecht|Malmö|Graz|Turin');
export const FIRST = words(
  'Anna|Ben|Clara|David|Elif|Finn|Greta|Hugo|Ines|Jonas|Karla|Luca|Mila|Noah|Olga|Paul|Rosa|Sami|Tara|Umar|Vera|Wim|Yara|Zoë|Amélie|Björn|Chloé|Dario|Emma|Felix',
);
export const LAST = words(
  'Schmidt|Dubois|Rossi|Novak|Jansen|García|Müller|Nielsen|Kowalski|Silva|Fischer|Moreau|Bianchi|Horvat|de Vries|López|Weber|Larsen|Nowak|Costa',
);
export const ROLES = words('CEO|CFO|Head of Operations|Office Manager|IT Lead|Purchasing|Project Manager');
export const TAGS = words('priority|partner|eu|newsletter|trade-fair-2026|referral');
export const PRODUCTS = words(
  'Router X2|Cloud Backup|Payroll Suite|Mobile App|VoIP Phones|Web Shop|Print Fleet|CRM Connector',
);
export const PROBLEMS = words(
  'No connection since the update|The invoice shows the wrong amount|Cannot log in after a password reset|Sync stops at 80 %|The CSV export is empty|Calls drop after 30 seconds|Order confirmation e-mails are missing|Slow at peak times|The printer queue is stuck|Wrong VAT rate at checkout',
);
export const DEAL_KINDS = words(
  'Annual licence|Rollout phase 2|Support renewal|Pilot|Upgrade|Hardware refresh|Consulting days|Expansion',
);
export const SCOPES = words(
  'Process review and recommendations|Migration project, three phases|Advisory retainer, two days a month|Integration with the ERP|Training programme for the support team',
);
export const SALES_SUBJECTS = words(
  'Discovery call|Demo|Pricing discussion|Quarterly business review|Contract questions|Follow-up|On-site visit',
);
export const SERVICE_SUBJECTS = words(
  'Troubleshooting call|Remote session|Status update|Asked for logs|Confirmed the fix',
);
export const SALES_TASKS = words(
  'Call back about the renewal|Send the revised quote|Prepare the quarterly review|Check in after onboarding|Confirm the budget with finance',
);
export const SERVICE_TASKS = words(
  'Call back about the ticket|Check the fix with the customer|Update the runbook',
);
export const COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody called back.', 'Still broken.'],
  2: ['Took far too long.', 'Had to explain it three times.'],
  3: ['Solved in the end.', 'OK, but slow.'],
  4: ['Friendly and competent.', 'Good, thanks.'],
  5: ['Fixed in minutes, great!', 'Excellent support.'],
};

/** Lower case, no accents, words joined by dashes: for e-mail addresses. */
export const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
