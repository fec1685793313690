// Whose domain an e-mail address is on: a free-mail provider's (anyone may have an address there), a domain
// reserved for examples and tests, or a company's — the only kind that tells which account a lead belongs to.

/**
 * Free-mail providers, by exact domain: the large international ones and the Dutch and German providers and
 * ISPs whose addresses people use privately. Kept here, in one list (README: Web forms).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  // International
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'tutanota.com',
  'tuta.io',
  'zoho.com',
  'yandex.com',
  'mail.com',
  'gmx.com',
  'gmx.net',
  'fastmail.com',
  // Germany
  'gmx.de',
  'web.de',
  't-online.de',
  'freenet.de',
  'arcor.de',
  'posteo.de',
  'mailbox.org',
  'hotmail.de',
  'outlook.de',
  'yahoo.de',
  'googlemail.de',
  'online.de',
  'vodafone.de',
  'email.de',
  // The Netherlands
  'ziggo.nl',
  'kpnmail.nl',
  'kpnplanet.nl',
  'planet.nl',
  'hetnet.nl',
  'home.nl',
  'xs4all.nl',
  'casema.nl',
  'chello.nl',
  'upcmail.nl',
  'quicknet.nl',
  'tele2.nl',
  'live.nl',
  'hotmail.nl',
  'outlook.nl',
  'yahoo.nl',
  // Elsewhere nearby
  'hotmail.co.uk',
  'yahoo.co.uk',
  'btinternet.com',
  'skynet.be',
  'telenet.be',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'bluewin.ch',
  'gmx.at',
  'gmx.ch',
]);

// The big providers under any country domain too (yahoo.fr, hotmail.it, gmx.at…): what the lead score has
// always treated as free mail.
const FREE_MAIL_PROVIDER =
  /^(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|gmx|web|proton|protonmail|mail|yandex|zoho)\./;

/** The normalised domain of an address (after its last `@`), or undefined when it has none. */
export function domainOf(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return at < 0 || domain === '' ? undefined : domain;
}

/** A free-mail provider's domain: its addresses say nothing about a company. */
export const isFreeMailDomain = (domain: string) =>
  FREE_MAIL_DOMAINS.has(domain) || FREE_MAIL_PROVIDER.test(domain);

// Reserved for documentation and testing (RFC 2606, RFC 6761): shared by unrelated people by design.
const RESERVED = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/;

/**
 * The company domain of an address — the one that tells which account its sender is with — or undefined for
 * free mail and for the domains reserved for examples and tests.
 */
export function companyDomainOf(email: string): string | undefined {
  const domain = domainOf(email);
  if (domain === undefined || isFreeMailDomain(domain) || RESERVED.test(domain)) return undefined;
  return domain;
}
