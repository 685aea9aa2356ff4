// One failing fixture per schema rule class, asserting the exact message, hint and position.
import { errors, load, POOL, tenant, yaml } from './helpers';

describe('schema rules (tenant files)', () => {
  test('schema.required: a missing key points at its parent key and the hint quotes the field description', () => {
    const result = load({
      'acme.yaml': yaml`
        version: 1
        tenant:
          id: acme
          display_name: Acme
        identity_providers:
          - name: AcmeIdP
            type: OIDC
            attribute_mapping: {email: email}
            subject: {source: username_suffix, case_stable_because: Okta ids here are lower-case only}
            email_trust: never
        linking: {enabled: false}
        native_login: {password_sign_in: allow}
      `,
    });
    expect(errors(result)).toEqual(["policies/acme.yaml:2:1 schema.required: tenant is missing the required key 'domains'"]);
    expect(result.ok || result.problems[0]!.hint).toMatch(/^Add domains: Email domains the tenant owns/);
    expect(result.ok || result.problems[0]!.path).toBe('tenant');
  });

  test('schema.unknown-key: names the key, suggests the closest and lists the allowed ones', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('  domains: [acme.com]', '  domain: [acme.com]') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:2:1 schema.required: tenant is missing the required key 'domains'",
      "policies/acme.yaml:5:3 schema.unknown-key: unknown key 'domain' in tenant",
    ]);
    expect(result.ok || result.problems[1]!.hint).toBe("Did you mean 'domains'? Allowed keys: id, display_name, domains, consumer, nested_domains_allowed.");
  });

  test('schema.enum: lists the allowed values and suggests a correction', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('password_sign_in: allow', 'password_sign_in: alow') });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:20:21 schema.enum: password_sign_in must be one of allow, block_linked_users, block_tenant_domains (got \'alow\')',
    ]);
    expect(result.ok || result.problems[0]!.hint).toBe("Did you mean 'allow'?");
  });

  test('schema.enum: a prefix of several values suggests all of them', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('password_sign_in: allow', 'password_sign_in: block') });
    expect(result.ok || result.problems[0]!.hint).toBe("Did you mean 'block_linked_users' or 'block_tenant_domains'?");
  });

  test('schema.const: version must be 1', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('version: 1', 'version: 2') });
    expect(errors(result)).toEqual(['policies/acme.yaml:1:10 schema.const: version must be 1 (got 2)']);
  });

  test('schema.type: YAML 1.2 reads yes as text, and the hint says so', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('enabled: true', 'enabled: yes') });
    expect(errors(result)).toEqual(["policies/acme.yaml:18:12 schema.type: enabled must be true or false, not 'yes'"]);
    expect(result.ok || result.problems[0]!.hint).toBe('YAML 1.2 reads yes, no, on and off as text: write true or false.');
  });

  test('schema.type: an empty value and a number where text belongs', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('display_name: acme', 'display_name:').replace('domains: [acme.com]', 'domains: [42]') });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:4:3 schema.type: display_name is empty; it must be text',
      'policies/acme.yaml:5:13 schema.type: domains[0] must be text, not 42',
    ]);
    expect(result.ok || result.problems[1]!.hint).toBe('Quote the value so YAML reads it as text: "42".');
  });

  test('schema.type: an empty file and a file that is not a mapping', () => {
    const result = load({ 'acme.yaml': '# nothing yet\n', 'globex.yaml': '- just\n- a list\n' });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:1:1 schema.type: the file is empty',
      "policies/globex.yaml:1:1 schema.type: the file must hold a mapping, not a list",
    ]);
    expect(result.ok || result.problems[0]!.hint).toBe(
      'A tenant policy is a mapping with the keys version, tenant, identity_providers, linking, native_login; start from an example in policies/.',
    );
  });

  test('schema.pattern: explained in words, with a lower-case suggestion for domains', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('domains: [acme.com]', 'domains: [Acme.COM]') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:5:13 schema.pattern: domains[0] 'Acme.COM' is not valid: expected a lower-case ASCII domain such as acme.com: dot-separated labels of letters a-z, digits and hyphens (not at the start or end of a label); internationalised domains in punycode (xn--...)",
    ]);
    expect(result.ok || result.problems[0]!.hint).toBe("Write it in lower case: 'acme.com'.");
  });

  test('schema.pattern: an internationalised domain gets its punycode form as the hint', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('domains: [acme.com]', 'domains: [bücher.example]') });
    expect(result.ok || result.problems[0]!.hint).toBe("Write the punycode form: 'xn--bcher-kva.example'.");
  });

  test("schema.pattern: '_' after the second character of a provider name", () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('name: AcmeIdP', 'name: Acme_IdP') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:7:11 schema.pattern: name 'Acme_IdP' is not valid: expected 3-32 characters without whitespace or control characters, not starting with '_' and with '_' only as the second character",
    ]);
  });

  test('schema.format: an exempt email that is not an address', () => {
    const result = load({ 'acme.yaml': tenant('acme', '  exempt: {emails: [oncall]}\n') });
    expect(errors(result)).toEqual(["policies/acme.yaml:21:21 schema.format: emails[0] must be an email address (got 'oncall')"]);
  });

  test('schema.length: messages are short because they travel in the redirect URL', () => {
    const result = load({ 'acme.yaml': tenant('acme', `messages:\n  sso_required: ${'x'.repeat(161)}\n`) });
    expect(errors(result)).toEqual(['policies/acme.yaml:22:17 schema.length: sso_required is 161 characters; at most 160 are allowed']);
    expect(result.ok || result.problems[0]!.hint).toBe('Shorten the message: it travels in the redirect URL back to the app.');
  });

  test('schema.length: an empty string reports the length, not also the pattern', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('display_name: acme', 'display_name: ""') });
    expect(errors(result)).toEqual(['policies/acme.yaml:4:17 schema.length: display_name must not be empty']);
  });

  test('schema.items: too few entries and an empty mapping', () => {
    const result = load({
      'acme.yaml': tenant('acme').replace('domains: [acme.com]', 'domains: []').replace(
        /attribute_mapping:\n(?: {6}.*\n)+/,
        'attribute_mapping: {}\n',
      ),
    });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:5:12 schema.items: domains must list at least 1 entry',
      'policies/acme.yaml:9:24 schema.items: attribute_mapping must not be empty',
    ]);
  });

  test('schema.unique-items: points at the repeated entry', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('domains: [acme.com]', 'domains: [acme.com, acme.net, acme.com]') });
    expect(errors(result)).toEqual(["policies/acme.yaml:5:33 schema.unique-items: domains lists 'acme.com' more than once"]);
  });

  test('schema.key-name: an attribute mapping key that is not a user pool attribute', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('      email: email\n', '      mail: email\n') });
    expect(errors(result).slice(0, 1)).toEqual([
      "policies/acme.yaml:10:7 schema.key-name: 'mail' is not allowed as a key of attribute_mapping: expected a user pool attribute: address, birthdate, email, email_verified, family_name, gender, given_name, locale, middle_name, name, nickname, phone_number, phone_number_verified, picture, preferred_username, profile, updated_at, website, zoneinfo, or custom:<name>",
    ]);
  });
});

describe('schema rules: oneOf reports the branch its discriminator selects', () => {
  test('a wrong provider type gets a suggestion, and the suggested branch is still checked', () => {
    const result = load({
      'acme.yaml': tenant('acme').replace('type: OIDC', 'type: oidc').replace('email_trust: email_verified_claim', 'email_trust: sometimes'),
    });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:8:11 schema.enum: type must be one of SAML, OIDC, Google, Facebook, LoginWithAmazon, SignInWithApple (got 'oidc')",
      "policies/acme.yaml:16:18 schema.enum: email_trust must be one of email_verified_claim, always, never (got 'sometimes')",
    ]);
    expect(result.ok || result.problems[0]!.hint).toBe("Did you mean 'OIDC'?");
  });

  test('a missing discriminator names the choices', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('      source: attribute\n', '') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:13:5 schema.required: subject is missing 'source' (one of attribute, username_suffix)",
    ]);
  });

  test("errors inside the selected branch only, not every branch's", () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('      attribute: custom:idp_sub\n', '') });
    expect(errors(result)).toEqual(["policies/acme.yaml:13:5 schema.required: subject is missing the required key 'attribute'"]);
  });

  test('a social provider name is fixed', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace('name: AcmeIdP', 'name: google').replace('type: OIDC', 'type: Google') });
    expect(errors(result)).toEqual(["policies/acme.yaml:7:11 schema.const: name must be 'Google' (got 'google')"]);
  });

  test('a provider that is not a mapping', () => {
    const result = load({ 'acme.yaml': tenant('acme').replace(/identity_providers:\n(?: {2}.*\n)+/, 'identity_providers:\n  - AcmeIdP\n') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:7:5 schema.type: identity_providers[0] must be a mapping with type: SAML, OIDC, Google, Facebook, LoginWithAmazon, SignInWithApple, not 'AcmeIdP'",
    ]);
  });

  test('a client secret written as a string is a literal secret', () => {
    const result = load({
      'acme.yaml': tenant('acme').replace(
        '    type: OIDC\n',
        '    type: OIDC\n    connection:\n      issuer: https://acme.okta.com\n      client_id: acme\n      client_secret: hunter2\n',
      ),
    });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:12:22 secret.literal: client_secret holds a literal secret; policies may only reference secrets',
    ]);
    expect(result.ok || result.problems[0]!.hint).toContain('client_secret: { terraform_variable: <name> }');
  });

  test('a secret reference without either form, and a SAML connection with both forms', () => {
    const result = load({
      'acme.yaml': tenant('acme').replace(
        '    type: OIDC\n',
        '    type: OIDC\n    connection:\n      issuer: https://acme.okta.com\n      client_id: acme\n      client_secret: {vault: x}\n',
      ),
      'globex.yaml': tenant('globex')
        .replace('type: OIDC', 'type: SAML')
        .replace('    type: SAML\n', '    type: SAML\n    connection:\n      metadata_url: https://idp.globex.com/metadata\n      metadata_file: globex.xml\n'),
    });
    expect(errors(result)).toEqual([
      'policies/acme.yaml:12:22 schema.one-of: client_secret needs one of the keys terraform_variable, secrets_manager',
      'policies/globex.yaml:11:7 schema.one-of: connection sets both metadata_url and metadata_file; use only one',
    ]);
  });
});

describe('schema rules (_pool.yaml)', () => {
  test('unknown keys, enums and patterns in the pool settings', () => {
    const result = load({
      '_pool.yaml': yaml`
        version: 1
        app_clients:
          - name: Web
            sign_in: sso
            callback: https://app.example.com
          - name: password
            sign_in: passwords
      `,
      'acme.yaml': tenant('acme'),
    });
    expect(errors(result)).toEqual([
      "policies/_pool.yaml:3:11 schema.pattern: name 'Web' is not valid: expected a lower-case letter, then lower-case letters, digits or _ (at most 40 characters)",
      "policies/_pool.yaml:5:5 schema.unknown-key: unknown key 'callback' in app_clients[0]",
      "policies/_pool.yaml:7:14 schema.enum: sign_in must be one of sso, password, sso_and_password (got 'passwords')",
    ]);
  });

  test('the pool settings must not be empty', () => {
    const result = load({ '_pool.yaml': '', 'acme.yaml': tenant('acme') });
    expect(errors(result)).toEqual(['policies/_pool.yaml:1:1 schema.type: the file is empty']);
    expect(result.ok || result.problems[0]!.hint).toBe(
      'A pool settings file is a mapping with the keys version, app_clients; start from an example in policies/.',
    );
  });

  test('POOL helper is valid on its own', () => {
    expect(errors(load({ '_pool.yaml': POOL }))).toEqual([]);
  });
});
