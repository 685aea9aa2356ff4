// Public mail domains: domains where anyone can open an address (gmail.com, outlook.com, web.de).
// A tenant that claims one for its own identity provider could link, and block the passwords of,
// every account at that domain: the takeover WorkOS refuses by rejecting consumer domains
// (docs/peers.md). The list is the `email-providers` package (derhuerst/email-providers, ISC,
// ~8,800 domains from goware/emailproviders with a Majestic Million cut, released monthly), pinned
// exactly so a list update is a reviewed dependency bump; docs/validate.md says why this package and
// not `free-email-domains` (whose install script re-downloads its list from the network, so the
// pinned version does not pin the data, and which mixes in disposable-address services).
const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set(require('email-providers/all.json') as string[]);

/**
 * Entries that are registries rather than mail services (the list holds `com.ar`, `net.ua`,
 * `org.ua`, `co.cc`): claiming one exactly is refused, but `acme.com.ar` is not under a mail service.
 */
const REGISTRY_LIKE = /^(?:com|net|org|co|gov|edu|ac|ne|or)\.[a-z]{2,3}$/;

/** The listed public mail domain `domain` is or lies under (`eu.outlook.com` under `outlook.com`), or undefined. */
export function publicMailDomain(domain: string): string | undefined {
  if (PUBLIC_MAIL_DOMAINS.has(domain)) return domain;
  const labels = domain.split('.');
  for (let start = 1; start <= labels.length - 2; start += 1) {
    const parent = labels.slice(start).join('.');
    if (PUBLIC_MAIL_DOMAINS.has(parent) && !REGISTRY_LIKE.test(parent)) return parent;
  }
  return undefined;
}

export const PUBLIC_MAIL_DOMAIN_COUNT = PUBLIC_MAIL_DOMAINS.size;
