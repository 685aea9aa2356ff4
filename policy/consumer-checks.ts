// Consumer domains and consumer tenants. A public mail domain (consumer-domains.ts) in an ordinary
// tenant's domains is an error: that tenant's IdP could then link any account at the domain, and
// its password rules would block everyone there. A tenant that is the app's own consumer side
// declares `tenant.consumer: true`; it then links only on the provider's own verification of the
// address (email_trust email_verified_claim, as lumen does with Google, who only says "verified" for
// an address the account owns) and cannot block passwords by domain.
import { publicMailDomain } from './consumer-domains';
import type { DocPath } from './json-path';
import type { problemAt } from './report';
import type { TenantPolicy } from './schema-types.generated';

type Report = (path: DocPath, spec: Parameters<typeof problemAt>[2]) => void;

export function checkConsumerDomains(policy: TenantPolicy, at: Report): void {
  if (policy.tenant.consumer === true) {
    checkConsumerTenant(policy, at);
    return;
  }
  policy.tenant.domains.forEach((domain, index) => {
    const listed = publicMailDomain(domain);
    if (listed === undefined) return;
    at(['tenant', 'domains', index], {
      rule: 'domain.consumer-domain',
      message: `domain '${domain}' is ${listed === domain ? 'a public mail domain' : `under the public mail domain '${listed}'`}: anyone can open an address there, so no organisation owns it`,
      hint:
        'Remove it: a tenant\'s identity provider could otherwise link, and block the passwords of, every account at that domain. If this tenant is the app\'s own consumer side ' +
        '(people signing in with Google or Microsoft accounts), declare tenant.consumer: true; it then links only on the provider\'s own verification and never blocks passwords by domain.',
    });
  });
}

function checkConsumerTenant(policy: TenantPolicy, at: Report): void {
  policy.identity_providers.forEach((provider, index) => {
    if (provider.email_trust !== 'always') return;
    at(['identity_providers', index, 'email_trust'], {
      rule: 'consumer.email-trust-always',
      message: `consumer tenant ${policy.tenant.id}: ${provider.name} has email_trust always, but no provider owns a public mail domain's addresses`,
      hint: 'Use email_verified_claim (map email_verified from the provider\'s claim): the tenant links only when the provider itself verified the address. Or never.',
    });
  });
  if (policy.linking.existing_user?.require_verified === false) {
    at(['linking', 'existing_user', 'require_verified'], {
      rule: 'consumer.require-verified-off',
      message: `consumer tenant ${policy.tenant.id}: require_verified is false, so an account whose address nobody proved could be linked`,
      hint: 'Remove it (the default is true): at a public mail domain anyone can sign up with someone else\'s address.',
    });
  }
  const native = policy.native_login;
  const blocks: [DocPath, string][] = [];
  if (native.password_sign_in === 'block_tenant_domains') blocks.push([['native_login', 'password_sign_in'], 'password_sign_in: block_tenant_domains']);
  if (native.password_sign_up === 'block') blocks.push([['native_login', 'password_sign_up'], 'password_sign_up: block']);
  if (native.admin_create_user === 'block') blocks.push([['native_login', 'admin_create_user'], 'admin_create_user: block']);
  for (const [path, what] of blocks) {
    at(path, {
      rule: 'consumer.blocks-by-domain',
      message: `consumer tenant ${policy.tenant.id}: ${what} would block every password account at its public mail domains`,
      hint: 'A consumer tenant cannot block passwords by domain: use allow (or block_linked_users for password sign-in, which only blocks people who linked an identity).',
    });
  }
}
