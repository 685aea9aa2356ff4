// How policy changes reach the stack: the trigger's hash, providers without connection details,
// every provider type's details, SAML metadata files, refused configurations and prop overrides.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledPolicySet } from '../../policy/compiled';
import { loadPolicySet } from '../../policy';
import { DEFAULT_DEADLINE_MS } from '../../lambda/runtime/deadline';
import { readMetadataFile } from '../../stack/identity-providers';
import { all, EXAMPLE_POLICIES, only, synthStack, temporaryDir } from './synth-helpers';

let examples: CompiledPolicySet;

beforeAll(() => {
  const loaded = loadPolicySet(EXAMPLE_POLICIES);
  if (!loaded.ok) throw new Error('the example policies must load');
  examples = loaded.set;
});

/** A deep, writable copy of the example set to edit. */
function draft(): any {
  return structuredClone(examples);
}

const providerNames = (json: ReturnType<typeof synthStack>['json']) =>
  Object.values(all(json, 'aws_cognito_identity_provider')).map((idp) => idp.provider_name);

describe('the trigger artifact follows the policies', () => {
  it('a policy edit changes source_code_hash; the same policies give the same hash', () => {
    const hash = (set: CompiledPolicySet) => only(synthStack({ policies: set }).json, 'aws_lambda_function').source_code_hash;
    const edited = draft();
    edited.tenants.globex.messages.sso_required = 'Globex accounts sign in with Okta (edited).';
    const original = hash(examples);
    expect(hash(examples)).toBe(original);
    expect(hash(edited)).not.toBe(original);
  });
});

describe('providers without connection details', () => {
  it('create no IdP, are left out of the SSO client and reported as managed elsewhere', () => {
    const set = draft();
    delete set.providers.globexokta.connection;
    const { json, stack } = synthStack({ policies: set });
    expect(providerNames(json).sort()).toEqual(['AcmeEntraID', 'Google']);
    const web = Object.values(all(json, 'aws_cognito_user_pool_client')).find((c) => c.name === '${var.name_prefix}-web');
    expect(web?.supported_identity_providers).toEqual(['AcmeEntraID', 'Google']);
    expect(json.data).toBeUndefined(); // its Secrets Manager secret is no longer read
    expect(stack.linkPolicy.info.externalProviders).toEqual(['GlobexOkta']);
    expect(stack.linkPolicy.info.createdProviders).toEqual(['AcmeEntraID', 'Google']);
    expect(stack.linkPolicy.info.warnings).toEqual([]);
  });

  it('warn when an SSO client is left with no provider at all', () => {
    const set = draft();
    for (const provider of Object.values<any>(set.providers)) delete provider.connection;
    const { json, stack } = synthStack({ policies: set });
    expect(json.resource.aws_cognito_identity_provider).toBeUndefined();
    expect(stack.linkPolicy.info.warnings).toEqual([
      'app client web offers SSO but this stack creates none of its identity providers',
    ]);
  });
});

describe('provider details per type', () => {
  it('Apple, Facebook and Login with Amazon: ids, scopes in the expected separator, secrets by reference', () => {
    const set = draft();
    const base = { tenant_id: 'lumen', attribute_mapping: { email: 'email' }, email_trust: 'never' };
    const subject = { source: 'username_suffix', case_stable_because: 'test fixture, never linked' };
    set.providers.signinwithapple = {
      ...base,
      subject,
      name: 'SignInWithApple',
      type: 'SignInWithApple',
      connection: {
        client_id: 'com.lumen.web',
        team_id: 'ABCDE12345',
        key_id: 'KEY1234567',
        private_key: { secrets_manager: { secret_id: 'lumen/apple-key' } },
      },
    };
    set.providers.facebook = {
      ...base,
      subject,
      name: 'Facebook',
      type: 'Facebook',
      connection: { client_id: '1234567890', client_secret: { terraform_variable: 'facebook_app_secret' } },
    };
    set.providers.loginwithamazon = {
      ...base,
      subject,
      name: 'LoginWithAmazon',
      type: 'LoginWithAmazon',
      connection: {
        client_id: 'amzn1.application-oa2-client.x',
        client_secret: { terraform_variable: 'amazon_client_secret' },
        scopes: ['profile', 'postal_code'],
      },
    };
    const { json } = synthStack({ policies: set });
    const details = (name: string) =>
      Object.values(all(json, 'aws_cognito_identity_provider')).find((idp) => idp.provider_name === name)?.provider_details;
    const [appleSecret] = Object.keys(json.data?.aws_secretsmanager_secret_version ?? {}).filter((name) =>
      name.includes('apple'),
    );
    expect(details('SignInWithApple')).toEqual({
      client_id: 'com.lumen.web',
      team_id: 'ABCDE12345',
      key_id: 'KEY1234567',
      private_key: `\${data.aws_secretsmanager_secret_version.${appleSecret}.secret_string}`,
      authorize_scopes: 'email name',
    });
    expect(details('Facebook')).toEqual({
      client_id: '1234567890',
      client_secret: '${var.facebook_app_secret}',
      authorize_scopes: 'public_profile,email',
    });
    expect(details('LoginWithAmazon')).toEqual({
      client_id: 'amzn1.application-oa2-client.x',
      client_secret: '${var.amazon_client_secret}',
      authorize_scopes: 'profile postal_code',
    });
    expect(json.variable.facebook_app_secret).toMatchObject({ sensitive: true });
  });

  it('refuses a secret variable shared by two providers: Cognito would send one tenant\'s secret to the other\'s issuer', () => {
    const set = draft();
    set.providers.globexokta.connection.client_secret = { terraform_variable: 'google_client_secret' };
    expect(() => synthStack({ policies: set })).toThrow(
      "identity provider Google (tenant lumen): Terraform variable 'google_client_secret' is already the secret of identity provider GlobexOkta (tenant globex); a secret belongs to one provider",
    );
  });

  it('refuses a Secrets Manager secret shared by two providers, by name or ARN, whole or by the same key', () => {
    const shared = (reference: object) => {
      const set = draft();
      set.providers.globexokta.connection.client_secret = { secrets_manager: { secret_id: 'prod/cognito/globex-okta', json_key: 'client_secret' } };
      set.providers.google.connection.client_secret = { secrets_manager: reference };
      return () => synthStack({ policies: set });
    };
    const refusal = /identity provider Google \(tenant lumen\): Secrets Manager secret .+ is already the secret of identity provider GlobexOkta/;
    expect(shared({ secret_id: 'prod/cognito/globex-okta', json_key: 'client_secret' })).toThrow(refusal);
    expect(shared({ secret_id: 'prod/cognito/globex-okta' })).toThrow(refusal);
    expect(shared({ secret_id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/cognito/globex-okta-AbC123', json_key: 'client_secret' })).toThrow(refusal);
    // Another key of the same JSON secret is another secret value.
    expect(shared({ secret_id: 'prod/cognito/globex-okta', json_key: 'google_secret' })).not.toThrow();
  });

  it('quotes a Secrets Manager json_key as an HCL string (quotes escaped, template sequences literal)', () => {
    const set = draft();
    set.providers.globexokta.connection.client_secret = {
      secrets_manager: { secret_id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta', json_key: 'a"b${c}' },
    };
    const { json } = synthStack({ policies: set });
    const [name] = Object.keys(json.data?.aws_secretsmanager_secret_version ?? {});
    const okta = Object.values(all(json, 'aws_cognito_identity_provider')).find((idp) => idp.provider_name === 'GlobexOkta');
    expect(okta?.provider_details.client_secret).toBe(
      '${jsondecode(data.aws_secretsmanager_secret_version.' + name + '.secret_string)["a\\"b$${c}"]}',
    );
  });

  it('refuses a secret variable named like one of the stack variables', () => {
    const set = draft();
    set.providers.google.connection.client_secret = { terraform_variable: 'log_hash_key_parameter' };
    expect(() => synthStack({ policies: set })).toThrow(/secret variable 'log_hash_key_parameter' clashes/);
  });
});

describe('SAML metadata files', () => {
  function policiesWithMetadataFile(metadataFile: string): string {
    const dir = temporaryDir('link-policy-policies');
    cpSync(EXAMPLE_POLICIES, dir, { recursive: true });
    const acme = join(dir, 'acme-corp.yaml');
    writeFileSync(
      acme,
      readFileSync(acme, 'utf8').replace(/metadata_url:\n\s+terraform_variable: \w+/, `metadata_file: ${metadataFile}`),
    );
    return dir;
  }

  it('are read at synth, relative to the policy file, into MetadataFile', () => {
    const dir = policiesWithMetadataFile('acme-idp-metadata.xml');
    const xml = '<EntityDescriptor entityID="https://sts.windows.net/acme/"/>';
    writeFileSync(join(dir, 'acme-idp-metadata.xml'), xml);
    const { json } = synthStack({ policiesDir: dir });
    const acme = Object.values(all(json, 'aws_cognito_identity_provider')).find((idp) => idp.provider_name === 'AcmeEntraID');
    expect(acme?.provider_details).toEqual({ MetadataFile: xml });
    expect(acme?.lifecycle.ignore_changes).toContain('provider_details["ActiveEncryptionCertificate"]');
  });

  it('may not leave the policies directory', () => {
    const dir = temporaryDir('link-policy-policies');
    writeFileSync(join(dir, 'outside.xml'), '<EntityDescriptor/>');
    const policies = join(dir, 'policies');
    expect(() => readMetadataFile(policies, 'tenants/acme.yaml', '../../outside.xml', 'AcmeEntraID')).toThrow(
      'AcmeEntraID: metadata_file ../../outside.xml is outside the policies directory',
    );
    expect(() => readMetadataFile(policies, 'acme.yaml', 'missing.xml', 'AcmeEntraID')).toThrow(
      'AcmeEntraID: cannot read metadata_file missing.xml (ENOENT)',
    );
  });

  it('need the policies directory when a compiled set is given', () => {
    const set = draft();
    set.providers.acmeentraid.connection = { metadata_file: 'acme.xml' };
    expect(() => synthStack({ policies: set })).toThrow(/metadata_file acme\.xml needs `policiesDir`/);
  });
});

describe('refused configurations', () => {
  const mixedClient = { name: 'mixed', sign_in: 'sso_and_password', password_flows: ['srp'], generate_secret: false };

  it('an sso_and_password client while a tenant blocks password sign-in', () => {
    const set = draft();
    set.settings.app_clients.push(mixedClient);
    expect(() => synthStack({ policies: set })).toThrow(
      /app client\(s\) mixed offer sso_and_password, but tenant\(s\) acme-corp \(acme-corp\.yaml\), globex \(globex\.yaml\) block password sign-in/,
    );
  });

  it('but the same client is built when no tenant blocks passwords', () => {
    const set = draft();
    set.settings.app_clients.push(mixedClient);
    for (const tenant of Object.values<any>(set.tenants)) tenant.native_login.password_sign_in = 'allow';
    const { json } = synthStack({ policies: set });
    const mixed = Object.values(all(json, 'aws_cognito_user_pool_client')).find((c) => c.name === '${var.name_prefix}-mixed');
    expect(mixed?.supported_identity_providers).toEqual(['COGNITO', 'AcmeEntraID', 'GlobexOkta', 'Google']);
    expect(mixed?.explicit_auth_flows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
  });

  it('invalid policies fail the synth with every file:line:column problem', () => {
    const dir = temporaryDir('link-policy-policies');
    cpSync(EXAMPLE_POLICIES, dir, { recursive: true });
    const globex = join(dir, 'globex.yaml');
    writeFileSync(globex, readFileSync(globex, 'utf8').replace('on_no_match: deny', 'on_no_match: maybe'));
    expect(() => synthStack({ policiesDir: dir })).toThrow(/policies in .+ are invalid[\s\S]*globex\.yaml:\d+:\d+ error/);
  });

  it('a custom attribute name longer than Cognito allows', () => {
    const set = draft();
    set.providers.globexokta.attribute_mapping['custom:a_very_long_attribute_name'] = 'sub';
    expect(() => synthStack({ policies: set })).toThrow(/custom:a_very_long_attribute_name: Cognito allows 1-20 characters/);
  });

  it('a trigger deadline that does not fit in Cognito 5-second wait', () => {
    expect(() => synthStack({ policies: examples, trigger: { deadlineMs: 5000 } })).toThrow(/deadlineMs 5000/);
  });
});

describe('construct options', () => {
  it('override pool, trigger, naming and tag defaults; retained attributes stay in the schema', () => {
    const { json } = synthStack({
      policies: examples,
      namePrefix: 'acme-prod',
      tags: { team: 'identity' },
      logRetentionDays: 365,
      domainPrefix: 'acme-login',
      pool: {
        passwordPolicy: { minimumLength: 16, requireSymbols: false },
        mfa: { mode: 'ON' },
        allowSelfSignUp: false,
        deletionProtection: 'INACTIVE',
        retainedCustomAttributes: ['custom:legacy_sub'],
      },
      trigger: { architecture: 'x86_64', memoryMb: 512, deadlineMs: 3000 },
    });
    expect(json.variable.name_prefix).toMatchObject({ default: 'acme-prod' });
    expect(json.variable.tags).toMatchObject({ default: { 'managed-by': 'cognito-link-policy', team: 'identity' } });
    expect(json.variable.log_retention_days).toMatchObject({ default: 365 });
    expect(json.variable.domain_prefix).toMatchObject({ default: 'acme-login' });
    const pool = only(json, 'aws_cognito_user_pool');
    expect(pool.password_policy).toMatchObject({ minimum_length: 16, require_symbols: false, require_numbers: true });
    expect(pool.mfa_configuration).toBe('ON');
    expect(pool.deletion_protection).toBe('INACTIVE');
    expect(pool.lifecycle.prevent_destroy).toBe(true);
    expect(pool.admin_create_user_config).toEqual({ allow_admin_create_user_only: true });
    expect(pool.schema.map((attribute: { name: string }) => attribute.name)).toEqual(['idp_sub', 'legacy_sub']);
    const fn = only(json, 'aws_lambda_function');
    expect(fn).toMatchObject({ architectures: ['x86_64'], memory_size: 512 });
    expect(fn.environment.variables.LINK_POLICY_DEADLINE_MS).toBe('3000');
  });

  it('email: the SES identity and from address become the variables\' defaults', () => {
    const { json } = synthStack({
      policies: examples,
      email: { sesSourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/acme.com', fromAddress: 'Acme <no-reply@acme.com>' },
    });
    expect(json.variable.ses_source_arn).toMatchObject({ default: 'arn:aws:ses:eu-west-1:123456789012:identity/acme.com' });
    expect(json.variable.email_from_address).toMatchObject({ default: 'Acme <no-reply@acme.com>' });
  });

  it('the trigger deadline defaults to the trigger\'s own DEFAULT_DEADLINE_MS', () => {
    const fn = only(synthStack({ policies: examples }).json, 'aws_lambda_function');
    expect(fn.environment.variables.LINK_POLICY_DEADLINE_MS).toBe(String(DEFAULT_DEADLINE_MS));
  });

  it('MFA OFF drops the authenticator configuration; OPTIONAL without it is refused', () => {
    const off = only(synthStack({ policies: examples, pool: { mfa: { mode: 'OFF' } } }).json, 'aws_cognito_user_pool');
    expect(off.mfa_configuration).toBe('OFF');
    expect(off).not.toHaveProperty('software_token_mfa_configuration');
    expect(() => synthStack({ policies: examples, pool: { mfa: { softwareToken: false } } })).toThrow(/softwareToken/);
  });
});

describe('identity providers refuse destroy', () => {
  const idps = (json: ReturnType<typeof synthStack>['json']) => all(json, 'aws_cognito_identity_provider');
  const byName = (json: ReturnType<typeof synthStack>['json'], name: string) =>
    Object.entries(idps(json)).find(([, idp]) => idp.provider_name === name);

  it('every IdP has prevent_destroy unless destroyableIdentityProviders names it (any case)', () => {
    const { json } = synthStack({ policies: examples, destroyableIdentityProviders: ['acmeentraid'] });
    expect(byName(json, 'AcmeEntraID')?.[1].lifecycle.prevent_destroy).toBe(false);
    expect(byName(json, 'GlobexOkta')?.[1].lifecycle.prevent_destroy).toBe(true);
    expect(byName(json, 'Google')?.[1].lifecycle.prevent_destroy).toBe(true);
  });

  it('re-casing a provider keeps its address, so Terraform plans a replacement that prevent_destroy refuses', () => {
    const recased = draft();
    recased.providers.acmeentraid.name = 'ACMEEntraID';
    recased.tenants['acme-corp'].providers = ['ACMEEntraID'];
    recased.tenants['acme-corp'].native_login.sso_provider = 'ACMEEntraID';
    const [before] = byName(synthStack({ policies: examples }).json, 'AcmeEntraID')!;
    const [after, idp] = byName(synthStack({ policies: recased }).json, 'ACMEEntraID')!;
    expect(after).toBe(before);
    expect(idp.lifecycle.prevent_destroy).toBe(true);
  });

  it('refuses to lift it for a provider the stack does not create (a stale entry would leave a returning name unprotected)', () => {
    expect(() => synthStack({ policies: examples, destroyableIdentityProviders: ['InitechADFS'] })).toThrow(
      /destroyableIdentityProviders names InitechADFS, which this stack does not create/,
    );
  });
});
