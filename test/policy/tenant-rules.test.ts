// Rules about one tenant file that the schema cannot express: one failing fixture each, with the
// exact message and position.
import { errors, load, tenant, warnings, yaml } from './helpers';

const SAML_TENANT = yaml`
  version: 1
  tenant:
    id: acme
    display_name: Acme
    domains: [acme.com]
  identity_providers:
    - name: AcmeEntraID
      type: SAML
      connection:
        metadata_file: metadata/acme.xml
      attribute_mapping:
        email: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress
        custom:idp_sub: http://schemas.microsoft.com/identity/claims/objectidentifier
      subject: {source: attribute, attribute: custom:idp_sub}
      email_trust: always
  linking: {enabled: true}
  native_login: {password_sign_in: block_linked_users}
`;
const METADATA = '<?xml version="1.0"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/x/">\n</md:EntityDescriptor>\n';

describe('tenant rules', () => {
  test('tenant.id-mismatch: the id is the file name', () => {
    expect(errors(load({ 'acme-corp.yaml': tenant('acme') }))).toEqual([
      "policies/acme-corp.yaml:3:7 tenant.id-mismatch: tenant.id 'acme' does not match the file name 'acme-corp.yaml'",
    ]);
  });

  test('tenant.nested-domain-not-owned: nested_domains_allowed lists own domains only', () => {
    const text = tenant('acme').replace('  domains: [acme.com]\n', '  domains: [acme.com]\n  nested_domains_allowed: [eu.globex.com]\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:6:28 tenant.nested-domain-not-owned: nested_domains_allowed lists 'eu.globex.com', which is not in this tenant's domains",
    ]);
  });

  test('domain.punycode-invalid: xn-- labels must decode and re-encode to themselves', () => {
    const text = tenant('acme').replace('domains: [acme.com]', 'domains: [acme.com, xn--zz.example]');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:5:23 domain.punycode-invalid: domain 'xn--zz.example' has an xn-- label that is not valid punycode",
    ]);
  });

  test('provider.reserved-name: Cognito names the user directory', () => {
    const text = tenant('acme').replace('name: AcmeIdP', 'name: COGNITO');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:7:11 provider.reserved-name: provider name 'COGNITO' is reserved: Cognito uses it for the user pool's own directory",
    ]);
  });

  test('attribute.custom-name: at most 20 characters after custom:, and no whitespace', () => {
    const text = tenant('acme')
      .replace('      custom:idp_sub: sub\n', '      custom:identity_provider_subject: sub\n      "custom:a b": name\n')
      .replace('attribute: custom:idp_sub', 'attribute: custom:identity_provider_subject');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:12:7 attribute.custom-name: custom attribute 'custom:identity_provider_subject' has a 25-character name; Cognito allows at most 20 after custom:",
      "policies/acme.yaml:13:7 attribute.custom-name: custom attribute 'custom:a b' has characters Cognito does not allow in a name (whitespace or control characters)",
      "policies/acme.yaml:16:18 attribute.custom-name: custom attribute 'custom:identity_provider_subject' has a 25-character name; Cognito allows at most 20 after custom:",
    ]);
  });

  test('provider.subject-not-mapped: the subject attribute must be in attribute_mapping', () => {
    const text = tenant('acme').replace('attribute: custom:idp_sub', 'attribute: custom:subject');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:15:18 provider.subject-not-mapped: subject attribute 'custom:subject' is not mapped in AcmeIdP's attribute_mapping",
    ]);
  });

  test('provider.email-trust-always-social: social users choose their addresses', () => {
    const text = yaml`
      version: 1
      tenant: {id: acme, display_name: Acme, domains: [acme.com]}
      identity_providers:
        - name: Facebook
          type: Facebook
          attribute_mapping: {email: email}
          subject: {source: username_suffix, case_stable_because: Facebook ids are decimal digits.}
          email_trust: always
      linking: {enabled: true}
      native_login: {password_sign_in: allow}
    `;
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:8:18 provider.email-trust-always-social: email_trust 'always' is not allowed for Facebook: people choose and assert the addresses on social accounts",
    ]);
  });

  test('linking.username-needs-from: federated sign-ins carry no native username', () => {
    const text = tenant('acme').replace('  enabled: true\n', '  enabled: true\n  match: {attribute: username}\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:19:22 linking.username-needs-from: linking.match.attribute 'username' needs linking.match.from: federated sign-ins carry no native username",
    ]);
  });

  test('linking.email-not-mapped and linking.email-verified-not-mapped', () => {
    const text = tenant('acme').replace('      email: email\n      email_verified: email_verified\n', '      name: name\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      'policies/acme.yaml:10:7 linking.email-not-mapped: AcmeIdP links (email_trust email_verified_claim) but does not map email',
      'policies/acme.yaml:15:18 linking.email-verified-not-mapped: AcmeIdP trusts the email_verified claim but does not map email_verified',
    ]);
  });

  test('linking.match-from-not-mapped: names the attribute and where linking asks for it', () => {
    const text = tenant('acme').replace('  enabled: true\n', '  enabled: true\n  match: {attribute: phone_number}\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:10:7 linking.match-from-not-mapped: AcmeIdP does not map 'phone_number', the attribute linking matches on (policies/acme.yaml:19)",
    ]);
  });

  test('linking rules do not apply when linking is off or the provider never links', () => {
    const off = tenant('acme').replace('      email: email\n', '').replace('enabled: true', 'enabled: false');
    const never = tenant('globex').replace('      email: email\n', '').replace('email_trust: email_verified_claim', 'email_trust: never');
    const result = load({ 'acme.yaml': off, 'globex.yaml': never });
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toEqual([
      'policies/globex.yaml:17:12 linking.no-trusted-provider: linking is enabled but every provider has email_trust never, so nothing can link',
    ]);
  });

  test('linking.require-verified-off is a warning', () => {
    const text = tenant('acme').replace('  enabled: true\n', '  enabled: true\n  existing_user:\n    require_verified: false\n');
    const result = load({ 'acme.yaml': text });
    expect(result.ok).toBe(true);
    expect(warnings(result)).toEqual([
      'policies/acme.yaml:20:23 linking.require-verified-off: require_verified is false: a federated sign-in can link to an account whose address nobody proved',
    ]);
  });

  test.each(['preferred_username', 'phone_number'])(
    'linking.match-not-email warns when linking matches on %s, which users often set at their IdP',
    (attribute) => {
      const text = tenant('acme')
        .replace('      custom:idp_sub: sub\n', `      custom:idp_sub: sub\n      ${attribute}: ${attribute}\n`)
        .replace('  enabled: true\n', `  enabled: true\n  match: {attribute: ${attribute}}\n`);
      const result = load({ 'acme.yaml': text });
      expect(errors(result)).toEqual([]);
      expect(warnings(result)).toEqual([
        `policies/acme.yaml:20:22 linking.match-not-email: linking finds the existing user by '${attribute}', which people can often set themselves at their IdP (a profile field, a phone number, a chosen user name)`,
      ]);
      expect(result.warnings[0]!.hint).toMatch(/^The trigger still links only to a user whose verified email is in this tenant's domains/);
    },
  );

  test('linking.match-not-email: matching on email, the default, is not reported', () => {
    const explicit = tenant('acme').replace('  enabled: true\n', '  enabled: true\n  match: {attribute: email}\n');
    expect(warnings(load({ 'acme.yaml': explicit, 'globex.yaml': tenant('globex') }))).toEqual([]);
  });

  test.each([
    ['\u0130stanbulIdP', "'\u0130' (U+0130)"], // İ lower-cases to i + combining dot: two code units
    ['\u212AelvinIdP', "'\u212A' (U+212A)"], // the Kelvin sign lower-cases to an ASCII k
    ['\u00C9coleIdP', "'\u00C9' (U+00C9)"], // É lower-cases to é: Cognito's folding of it is unknown
  ])('provider.name-case-folding refuses %s', (name, shown) => {
    const text = tenant('acme').replace('name: AcmeIdP', `name: ${name}`);
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      `policies/acme.yaml:7:11 provider.name-case-folding: provider name '${name}' has ${shown}, whose lower-case form is not an ASCII lower-case letter; ` +
        "Cognito lower-cases federated user names in this pool, and its lower-casing and the trigger's may not agree on such letters",
    ]);
  });

  test('provider.name-case-folding allows non-ASCII letters that lower-casing leaves alone', () => {
    expect(errors(load({ 'acme.yaml': tenant('acme').replace('name: AcmeIdP', 'name: \u00E9coleIdP') }))).toEqual([]);
  });

  test('provider.email-verified-unmapped warns for SAML and OIDC providers that map email but not email_verified', () => {
    const saml = SAML_TENANT.replace('native_login: {password_sign_in: block_linked_users}', 'native_login: {password_sign_in: allow}');
    const oidc = tenant('globex')
      .replace('      email_verified: email_verified\n', '')
      .replace('email_trust: email_verified_claim', 'email_trust: always');
    const result = load({ 'acme.yaml': saml, 'metadata/acme.xml': METADATA, 'globex.yaml': oidc });
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toEqual([
      'policies/acme.yaml:11:5 provider.email-verified-unmapped: AcmeEntraID maps email but not email_verified: Cognito may then set email_verified=false at each of its sign-ins, on a linked native account too',
      'policies/globex.yaml:9:5 provider.email-verified-unmapped: GlobexIdP maps email but not email_verified: Cognito may then set email_verified=false at each of its sign-ins, on a linked native account too',
    ]);
    expect(result.warnings[0]!.hint).toMatch(/constant value "true"/);
  });

  test('provider.email-verified-unmapped is not repeated where linking.email-verified-not-mapped already refuses the provider', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('      email_verified: email_verified\n', '') });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:15:18 linking.email-verified-not-mapped: AcmeIdP trusts the email_verified claim but does not map email_verified',
    ]);
    expect(warnings(result)).toEqual([]);
  });

  test('provider.subject-may-exceed-link-limit warns for a SAML provider whose subject may be an email-format NameID (aws-sdk-js-v3 #6985: 128 characters in all)', () => {
    const byEmail = SAML_TENANT.replace(
      'custom:idp_sub: http://schemas.microsoft.com/identity/claims/objectidentifier',
      'custom:idp_sub: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    );
    const result = load({ 'acme.yaml': byEmail, 'metadata/acme.xml': METADATA });
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toContain(
      "policies/acme.yaml:14:14 provider.subject-may-exceed-link-limit: AcmeEntraID links by its SAML NameID, and a NameID longer than 102 characters cannot be linked: " +
        "Cognito refuses a link whose provider name, Cognito_Subject and subject exceed 128 characters (the subject comes from 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'; an email-format NameID can be 254)",
    );
    expect(result.warnings.find((w) => w.rule === 'provider.subject-may-exceed-link-limit')?.hint).toMatch(/persistent, opaque NameID/);
    // An opaque id (Entra's objectidentifier), linking off, or a provider that never links: no warning.
    const quiet = (text: string) => warnings(load({ 'acme.yaml': text, 'metadata/acme.xml': METADATA })).filter((w) => w.includes('subject-may-exceed'));
    expect(quiet(SAML_TENANT)).toEqual([]);
    expect(quiet(byEmail.replace('linking: {enabled: true}', 'linking: {enabled: false}').replace('password_sign_in: block_linked_users', 'password_sign_in: allow'))).toEqual([]);
    expect(quiet(byEmail.replace('email_trust: always', 'email_trust: never'))).toEqual([]);
  });

  test('native-login.sso-provider-unknown: exact case, with a suggestion', () => {
    const text = tenant('acme').replace('  password_sign_in: allow\n', '  password_sign_in: block_linked_users\n  sso_provider: acmeidp\n');
    const result = load({ 'acme.yaml': text });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:21:17 native-login.sso-provider-unknown: sso_provider 'acmeidp' is not one of this tenant's providers (AcmeIdP)",
    ]);
    expect(result.ok || result.problems[0]!.hint).toBe("Did you mean 'AcmeIdP'? Names are exact-case.");
  });

  test('domain.too-long-for-routing warns when an enterprise SSO provider cannot route the domain', () => {
    const long = `${'a'.repeat(37)}.com`;
    const result = load({ 'acme.yaml': tenant('acme').replace('domains: [acme.com]', `domains: [acme.com, ${long}]`) });
    expect(result.ok).toBe(true);
    expect(warnings(result)).toEqual([
      `policies/acme.yaml:5:23 domain.too-long-for-routing: domain '${long}' is 41 characters; Cognito IdP identifiers hold at most 40, so managed login cannot route it to AcmeIdP`,
    ]);
  });
});

describe('SAML metadata files', () => {
  test('a metadata file next to the policy is accepted', () => {
    expect(errors(load({ 'acme.yaml': SAML_TENANT, 'metadata/acme.xml': METADATA }))).toEqual([]);
  });

  test('metadata.missing', () => {
    expect(errors(load({ 'acme.yaml': SAML_TENANT }))).toEqual([
      "policies/acme.yaml:10:22 metadata.missing: metadata_file 'metadata/acme.xml' does not exist (looked for policies/metadata/acme.xml)",
    ]);
  });

  test('metadata.too-large', () => {
    const huge = METADATA + `<!-- ${'x'.repeat(1024 * 1024)} -->\n`;
    expect(errors(load({ 'acme.yaml': SAML_TENANT, 'metadata/acme.xml': huge }))).toEqual([
      `policies/acme.yaml:10:22 metadata.too-large: metadata_file policies/metadata/acme.xml is ${Buffer.byteLength(huge)} bytes; at most 1048576 (1 MiB) are allowed`,
    ]);
  });

  test('metadata.not-saml', () => {
    expect(errors(load({ 'acme.yaml': SAML_TENANT, 'metadata/acme.xml': '<html><body>Sign in</body></html>\n' }))).toEqual([
      'policies/acme.yaml:10:22 metadata.not-saml: metadata_file policies/metadata/acme.xml does not look like SAML metadata: it has no EntityDescriptor element',
    ]);
  });

  test('a path leaving the policies directory is refused by the schema', () => {
    const text = SAML_TENANT.replace('metadata_file: metadata/acme.xml', 'metadata_file: ../secrets/acme.xml');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:10:22 schema.pattern: metadata_file '../secrets/acme.xml' is not valid: expected a relative path inside the policies directory ending in .xml, with forward slashes and no .. segments",
    ]);
  });
});

describe('_pool.yaml rules', () => {
  test('pool.client-name-duplicate and pool.password-flows-on-sso-client', () => {
    const pool = yaml`
      version: 1
      app_clients:
        - name: web
          sign_in: sso
          password_flows: [user_password]
        - name: web
          sign_in: password
    `;
    expect(errors(load({ '_pool.yaml': pool, 'acme.yaml': tenant('acme') }))).toEqual([
      "policies/_pool.yaml:5:5 pool.password-flows-on-sso-client: app client 'web' is sso-only but lists password_flows",
      "policies/_pool.yaml:6:11 pool.client-name-duplicate: app client name 'web' is already used (policies/_pool.yaml:3)",
    ]);
  });
});
