// Consumer domains (issue 16): a public mail domain in an ordinary tenant is an error at its
// file:line:column; a tenant declaring consumer: true may claim them, and then links only on the
// provider's own verification and cannot block passwords by domain. The list is the pinned
// `email-providers` package (policy/consumer-domains.ts).
import { PUBLIC_MAIL_DOMAIN_COUNT, publicMailDomain } from '../../policy/consumer-domains';
import { errors, load, tenant } from './helpers';

const withDomains = (id: string, domains: string, extra = '') => tenant(id).replace(`  domains: [${id}.com]\n`, `  domains: [${domains}]\n${extra}`);

describe('consumer domains', () => {
  test('the list: public mail services and their subdomains; registries in the list never match a company under them', () => {
    expect(PUBLIC_MAIL_DOMAIN_COUNT).toBeGreaterThan(5000);
    expect(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'web.de', 'eu.outlook.com', 'acme.com', 'acme.com.ar', 'com.ar', 'globex.example'].map((domain) => `${domain}:${publicMailDomain(domain) ?? '-'}`)).toEqual([
      'gmail.com:gmail.com',
      'outlook.com:outlook.com',
      'hotmail.com:hotmail.com',
      'yahoo.com:yahoo.com',
      'web.de:web.de',
      'eu.outlook.com:outlook.com',
      'acme.com:-',
      'acme.com.ar:-',
      'com.ar:com.ar',
      'globex.example:-',
    ]);
  });

  test('domain.consumer-domain: an enterprise tenant claiming outlook.com and hotmail.com (issue 16) is an error at each domain', () => {
    expect(errors(load({ 'contoso.yaml': withDomains('contoso', 'contoso.com, outlook.com, hotmail.com') }))).toEqual([
      "policies/contoso.yaml:5:26 domain.consumer-domain: domain 'outlook.com' is a public mail domain: anyone can open an address there, so no organisation owns it",
      "policies/contoso.yaml:5:39 domain.consumer-domain: domain 'hotmail.com' is a public mail domain: anyone can open an address there, so no organisation owns it",
    ]);
    expect(errors(load({ 'contoso.yaml': withDomains('contoso', 'eu.gmail.com') }))).toEqual([
      "policies/contoso.yaml:5:13 domain.consumer-domain: domain 'eu.gmail.com' is under the public mail domain 'gmail.com': anyone can open an address there, so no organisation owns it",
    ]);
  });

  test('a consumer tenant may claim them, trusting the provider\'s own verification', () => {
    const result = load({ 'social.yaml': withDomains('social', 'gmail.com, outlook.com', '  consumer: true\n') });
    expect(errors(result)).toEqual([]);
    if (result.ok) expect(result.set.tenants['social']!.domains).toEqual(['gmail.com', 'outlook.com']);
  });

  test('consumer.email-trust-always, consumer.require-verified-off, consumer.blocks-by-domain', () => {
    const text = withDomains('social', 'gmail.com', '  consumer: true\n')
      .replace('email_trust: email_verified_claim', 'email_trust: always')
      .replace('  enabled: true\n', '  enabled: true\n  existing_user: {require_verified: false}\n')
      .replace('password_sign_in: allow', 'password_sign_in: block_tenant_domains\n  password_sign_up: block\n  admin_create_user: block');
    expect(errors(load({ 'social.yaml': text }))).toEqual([
      'policies/social.yaml:17:18 consumer.email-trust-always: consumer tenant social: SocialIdP has email_trust always, but no provider owns a public mail domain\'s addresses',
      'policies/social.yaml:20:37 consumer.require-verified-off: consumer tenant social: require_verified is false, so an account whose address nobody proved could be linked',
      'policies/social.yaml:22:21 consumer.blocks-by-domain: consumer tenant social: password_sign_in: block_tenant_domains would block every password account at its public mail domains',
      'policies/social.yaml:23:21 consumer.blocks-by-domain: consumer tenant social: password_sign_up: block would block every password account at its public mail domains',
      'policies/social.yaml:24:22 consumer.blocks-by-domain: consumer tenant social: admin_create_user: block would block every password account at its public mail domains',
    ]);
  });
});
