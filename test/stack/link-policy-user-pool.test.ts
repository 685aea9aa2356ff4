// The stack synthesized from the example policies (policies/*.yaml): every resource property
// the stack issue and the lead's decisions require, asserted with the cdktf Testing matchers
// (snake_case keys) on one shared synth.
import {
  CloudwatchLogGroup,
  CognitoIdentityProvider,
  CognitoManagedLoginBranding,
  CognitoUserPool,
  CognitoUserPoolClient,
  CognitoUserPoolDomain,
  IamRolePolicy,
  LambdaFunction,
  LambdaPermission,
  Testing,
} from '../../stack/cdktf';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { findCycle, referenceGraph, TRIGGER_COGNITO_ACTIONS } from '../../stack';
import { all, EXAMPLE_POLICIES, only, ref, synthStack, type Synthesized } from './synth-helpers';

Testing.setupJest();

let synth: Synthesized;
let functionArn: string;
let poolArn: string;
let poolId: string;

beforeAll(() => {
  synth = synthStack({ policiesDir: EXAMPLE_POLICIES });
  functionArn = ref(synth.json, 'aws_lambda_function', 'arn');
  poolArn = ref(synth.json, 'aws_cognito_user_pool', 'arn');
  poolId = ref(synth.json, 'aws_cognito_user_pool', 'id');
});

const idpNamed = (name: string) =>
  Object.values(all(synth.json, 'aws_cognito_identity_provider')).find((idp) => idp.provider_name === name);
const clientNamed = (name: string) =>
  Object.values(all(synth.json, 'aws_cognito_user_pool_client')).find((client) => client.name === name);

describe('user pool', () => {
  it('is case-insensitive, deletion-protected and refuses destroy (case sensitivity is fixed for the pool life)', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoUserPool, {
      username_configuration: { case_sensitive: false },
      deletion_protection: 'ACTIVE',
      lifecycle: expect.objectContaining({ prevent_destroy: true }),
      name: '${var.name_prefix}-users',
    });
  });

  it('renders the blueprint\'s sign-in settings, the ones the twin builds its pools with', () => {
    const pool = only(synth.json, 'aws_cognito_user_pool');
    const blueprint = poolBlueprint(synth.stack.linkPolicy.policies);
    expect({
      username_configuration: pool.username_configuration,
      alias_attributes: pool.alias_attributes,
      auto_verified_attributes: pool.auto_verified_attributes,
      user_attribute_update_settings: pool.user_attribute_update_settings,
      admin_create_user_config: pool.admin_create_user_config,
    }).toEqual({
      username_configuration: { case_sensitive: blueprint.username.case_sensitive },
      alias_attributes: blueprint.username.alias_attributes,
      auto_verified_attributes: blueprint.auto_verified_attributes,
      user_attribute_update_settings: { attributes_require_verification_before_update: blueprint.attributes_require_verification_before_update },
      admin_create_user_config: { allow_admin_create_user_only: !blueprint.allow_self_sign_up },
    });
    for (const client of blueprint.app_clients) {
      expect(clientNamed(`\${var.name_prefix}-${client.name}`)?.prevent_user_existence_errors).toBe(client.prevent_user_existence_errors ? 'ENABLED' : 'LEGACY');
    }
  });

  it("sends email through Cognito's own sender until ses_source_arn names an SES identity; a from address needs one", () => {
    expect(only(synth.json, 'aws_cognito_user_pool').email_configuration).toEqual({
      email_sending_account: '${var.ses_source_arn == "" ? "COGNITO_DEFAULT" : "DEVELOPER"}',
      source_arn: '${var.ses_source_arn == "" ? null : var.ses_source_arn}',
      from_email_address: '${var.email_from_address == "" ? null : var.email_from_address}',
    });
    expect(only(synth.json, 'aws_cognito_user_pool').lifecycle.precondition).toEqual([
      {
        condition: '${var.email_from_address == "" || var.ses_source_arn != ""}',
        error_message: expect.stringMatching(/^email_from_address needs ses_source_arn/),
      },
    ]);
    expect(synth.json.variable.ses_source_arn).toMatchObject({ type: 'string', default: '', description: expect.stringContaining('50 emails a day') });
    expect(synth.json.variable.email_from_address).toMatchObject({ type: 'string', default: '' });
  });

  it('declares the blueprint custom attributes as mutable 2,048-character strings', () => {
    expect(only(synth.json, 'aws_cognito_user_pool').schema).toEqual([
      {
        name: 'idp_sub',
        attribute_data_type: 'String',
        mutable: true,
        developer_only_attribute: false,
        required: false,
        string_attribute_constraints: { min_length: '0', max_length: '2048' },
      },
    ]);
  });

  it('attaches the one function to pre sign-up and pre authentication', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoUserPool, {
      lambda_config: { pre_sign_up: functionArn, pre_authentication: functionArn },
    });
  });

  it('has strong password and MFA defaults, verified-email recovery and verified email changes', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoUserPool, {
      password_policy: {
        minimum_length: 12,
        require_lowercase: true,
        require_uppercase: true,
        require_numbers: true,
        require_symbols: true,
        temporary_password_validity_days: 7,
      },
      mfa_configuration: 'OPTIONAL',
      software_token_mfa_configuration: { enabled: true },
      account_recovery_setting: { recovery_mechanism: [{ name: 'verified_email', priority: 1 }] },
      user_attribute_update_settings: { attributes_require_verification_before_update: ['email'] },
      alias_attributes: ['email'],
      auto_verified_attributes: ['email'],
    });
  });
});

describe('identity providers', () => {
  it('creates one per policy provider with connection details, exact-case names', () => {
    expect(Object.values(all(synth.json, 'aws_cognito_identity_provider')).map((idp) => idp.provider_name).sort()).toEqual([
      'AcmeEntraID',
      'GlobexOkta',
      'Google',
    ]);
    for (const idp of Object.values(all(synth.json, 'aws_cognito_identity_provider'))) {
      expect(idp.user_pool_id).toBe(poolId);
    }
  });

  it('SAML: metadata URL from the variable the policy names, attribute mapping with the subject attribute, tenant domains as identifiers', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoIdentityProvider, {
      provider_name: 'AcmeEntraID',
      provider_type: 'SAML',
      provider_details: { MetadataURL: '${var.acme_entra_metadata_url}' },
      attribute_mapping: expect.objectContaining({
        email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        'custom:idp_sub': 'http://schemas.microsoft.com/identity/claims/objectidentifier',
      }),
      idp_identifiers: ['acme.com', 'acme.co.uk'],
    });
  });

  it('OIDC: issuer, client id, scopes, request method, client secret from a sensitive variable', () => {
    const okta = idpNamed('GlobexOkta');
    expect(okta?.provider_details).toEqual({
      oidc_issuer: 'https://globex.okta.com/oauth2/default',
      client_id: '0oa9globexcognito4x7',
      client_secret: '${var.globex_okta_client_secret}',
      authorize_scopes: 'openid email profile',
      attributes_request_method: 'GET',
    });
    expect(synth.json.data).toBeUndefined();
    expect(okta?.attribute_mapping).toMatchObject({ email_verified: 'email_verified', 'custom:idp_sub': 'sub' });
    expect(okta?.idp_identifiers).toEqual(['globex.example', 'globex-labs.example']);
  });

  it('social: client secret from a sensitive Terraform variable, no identifiers (only SAML/OIDC take them)', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoIdentityProvider, {
      provider_name: 'Google',
      provider_type: 'Google',
      provider_details: {
        client_id: '123456789012-lumenexamplecognito.apps.googleusercontent.com',
        client_secret: '${var.google_client_secret}',
        authorize_scopes: 'openid email profile',
      },
    });
    expect(idpNamed('Google')?.idp_identifiers).toBeUndefined();
    expect(synth.json.variable.google_client_secret).toEqual(
      expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    );
    expect(synth.json.variable.google_client_secret).not.toHaveProperty('default');
  });

  it('never holds a literal secret', () => {
    for (const idp of Object.values(all(synth.json, 'aws_cognito_identity_provider'))) {
      for (const key of ['client_secret', 'private_key']) {
        const value = idp.provider_details[key];
        if (value !== undefined) expect(value).toMatch(/^\$\{.+\}$/);
      }
    }
  });

  it('refuse destroy (a re-created IdP gives every federated user a new profile); the address is the lower-cased name', () => {
    for (const [address, idp] of Object.entries(all(synth.json, 'aws_cognito_identity_provider'))) {
      expect(idp.lifecycle.prevent_destroy).toBe(true);
      expect(address).toBe(String(idp.provider_name).toLowerCase());
    }
  });

  it('ignores only the details Cognito fills in itself, never a configured key', () => {
    for (const idp of Object.values(all(synth.json, 'aws_cognito_identity_provider'))) {
      const ignored: string[] = idp.lifecycle.ignore_changes;
      expect(ignored.length).toBeGreaterThan(0);
      for (const key of Object.keys(idp.provider_details)) expect(ignored).not.toContain(`provider_details["${key}"]`);
    }
    expect(idpNamed('GlobexOkta')?.lifecycle.ignore_changes).toEqual(
      expect.arrayContaining(['provider_details["jwks_uri"]', 'provider_details["token_url"]']),
    );
  });
});

describe('app clients', () => {
  it('set explicit read and write attributes: users never write a verified flag, a subject or a matched attribute; SSO clients cannot write at all', () => {
    const clients = all(synth.json, 'aws_cognito_user_pool_client');
    const password = Object.values(clients).find((client) => client.name.endsWith('-password'))!;
    const web = Object.values(clients).find((client) => client.name.endsWith('-web'))!;
    for (const client of [password, web]) {
      expect(client.read_attributes).toEqual(expect.arrayContaining(['email', 'email_verified', 'custom:idp_sub']));
      expect(client.read_attributes).toEqual(expect.arrayContaining(client.write_attributes));
      expect(client.allowed_oauth_scopes).toEqual(['openid', 'email', 'profile']);
    }
    expect(password.write_attributes).toContain('email');
    for (const name of ['email_verified', 'phone_number_verified', 'custom:idp_sub', 'preferred_username', 'phone_number']) expect(password.write_attributes).not.toContain(name);
    // What the providers map, which Cognito writes at each federated sign-in through this client.
    expect(web.write_attributes).toEqual(expect.arrayContaining(['email', 'email_verified', 'custom:idp_sub']));
  });

  it('web (sso): only the providers the stack creates, no password flow, depends on those providers', () => {
    const web = clientNamed('${var.name_prefix}-web');
    expect(web?.supported_identity_providers).toEqual(['AcmeEntraID', 'GlobexOkta', 'Google']);
    expect(web?.explicit_auth_flows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const idpAddresses = Object.keys(all(synth.json, 'aws_cognito_identity_provider')).map(
      (name) => `aws_cognito_identity_provider.${name}`,
    );
    // After the providers (Cognito rejects a client naming a missing one), and after the trigger's
    // permission and role policy: no sign-in is possible before the trigger can run.
    expect([...web?.depends_on].sort()).toEqual(
      [...idpAddresses, 'aws_iam_role_policy.trigger', 'aws_lambda_permission.cognito_invoke'].sort(),
    );
    expect(clientNamed('${var.name_prefix}-password')?.depends_on).toEqual(['aws_lambda_permission.cognito_invoke', 'aws_iam_role_policy.trigger']);
  });

  it('password: the user directory only, with exactly the flows the policy names', () => {
    const password = clientNamed('${var.name_prefix}-password');
    expect(password?.supported_identity_providers).toEqual(['COGNITO']);
    expect(password?.explicit_auth_flows).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
    ]);
  });

  it('never offers ALLOW_USER_AUTH or ALLOW_CUSTOM_AUTH (either allows password sign-in)', () => {
    for (const client of Object.values(all(synth.json, 'aws_cognito_user_pool_client'))) {
      expect(client.explicit_auth_flows).not.toContain('ALLOW_USER_AUTH');
      expect(client.explicit_auth_flows).not.toContain('ALLOW_CUSTOM_AUTH');
    }
  });

  it('use the OAuth code flow with per-client URL variables and hide user existence', () => {
    for (const name of ['web', 'password']) {
      expect(synth.text).toHaveResourceWithProperties(CognitoUserPoolClient, {
        name: `\${var.name_prefix}-${name}`,
        user_pool_id: poolId,
        allowed_oauth_flows_user_pool_client: true,
        allowed_oauth_flows: ['code'],
        allowed_oauth_scopes: ['openid', 'email', 'profile'],
        callback_urls: `\${var.${name}_callback_urls}`,
        logout_urls: `\${var.${name}_logout_urls}`,
        prevent_user_existence_errors: 'ENABLED',
        generate_secret: false,
      });
      expect(synth.json.variable[`${name}_callback_urls`]).toMatchObject({ type: 'list(string)' });
      expect(synth.json.variable[`${name}_callback_urls`]?.validation).toHaveLength(1);
      expect(synth.json.variable[`${name}_logout_urls`]).toMatchObject({ type: 'list(string)', default: [] });
    }
  });
});

describe('trigger function', () => {
  it('runs the asset on nodejs22.x with 1024 MB, 5 s, arm64 and the asset hash as source_code_hash', () => {
    const fn = only(synth.json, 'aws_lambda_function');
    const asset = synth.stack.linkPolicy.trigger.asset;
    expect(fn).toMatchObject({
      function_name: '${var.name_prefix}-link-policy-trigger',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memory_size: 1024,
      timeout: 5,
      architectures: ['arm64'],
      filename: `\${path.module}/${asset.path}`,
      source_code_hash: asset.assetHash,
      role: ref(synth.json, 'aws_iam_role', 'arn'),
    });
    expect(asset.path).toMatch(/^assets\/.+\/archive\.zip$/);
  });

  it('gets its deadline and the NAMES of its parameters from the environment (never the log hash key), logs JSON to its own group', () => {
    expect(synth.text).toHaveResourceWithProperties(LambdaFunction, {
      environment: {
        variables: {
          LINK_POLICY_DEADLINE_MS: '3500',
          LINK_POLICY_CLIENTS_PARAMETER: '${format("/cognito-link-policy/%s/app-clients", var.name_prefix)}',
          LINK_POLICY_LOG_HASH_KEY_PARAMETER: '${var.log_hash_key_parameter == "" ? format("/cognito-link-policy/%s/log-hash-key", var.name_prefix) : var.log_hash_key_parameter}',
        },
      },
      logging_config: { log_format: 'JSON', log_group: ref(synth.json, 'aws_cloudwatch_log_group', 'name') },
    });
    // The key is the operator's SecureString: no variable holds it, so it is in no state or plan.
    expect(synth.json.variable.log_hash_key).toBeUndefined();
    expect(synth.json.variable.log_hash_key_parameter).toMatchObject({ type: 'string', default: '' });
    expect(synth.text).not.toMatch(/aws_ssm_parameter\.[^"]*log/);
    expect(Object.keys(synth.json.data ?? {})).not.toContain('aws_ssm_parameter');
  });

  it('writes the clients\' sign-in kinds to a parameter after the clients, under the name the function knows, with the policy digest', () => {
    const parameter = only(synth.json, 'aws_ssm_parameter');
    expect(parameter).toMatchObject({ name: '${format("/cognito-link-policy/%s/app-clients", var.name_prefix)}', type: 'String', tier: 'Standard' });
    const value = JSON.parse(parameter.insecure_value);
    expect(value).toEqual({
      version: 1,
      policy_digest: synth.stack.linkPolicy.policies.digest,
      clients: Object.fromEntries(
        Object.entries(all(synth.json, 'aws_cognito_user_pool_client')).map(([logical, client]) => [
          `\${aws_cognito_user_pool_client.${logical}.id}`,
          client.supported_identity_providers.includes('COGNITO') ? 'password' : 'sso',
        ]),
      ),
    });
  });

  it('knows neither the pool nor any client (the references that would close a cycle)', () => {
    const text = JSON.stringify(only(synth.json, 'aws_lambda_function'));
    expect(text).not.toContain('aws_cognito_user_pool');
  });

  it('has a log group /aws/lambda/<function name> with retention from a variable', () => {
    expect(synth.text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/${var.name_prefix}-link-policy-trigger',
      retention_in_days: '${var.log_retention_days}',
    });
    expect(synth.json.variable.log_retention_days).toMatchObject({ type: 'number', default: 90 });
  });
});

describe('IAM', () => {
  it('role is assumable by Lambda only and has no inline policy (the inline form closes a cycle)', () => {
    const role = only(synth.json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role).not.toHaveProperty('inline_policy');
  });

  it('a separate role policy grants the four Cognito actions on this pool and log writes on its own group', () => {
    expect(synth.text).toHaveResource(IamRolePolicy);
    const rolePolicy = only(synth.json, 'aws_iam_role_policy');
    expect(rolePolicy.role).toBe(ref(synth.json, 'aws_iam_role', 'id'));
    // The parameter ARNs are Terraform templates spliced into the JSON (plain quotes inside `${…}`,
    // which Terraform renders before the JSON is read): parsed here with the templates set aside.
    const templates: string[] = [];
    const policy = JSON.parse(
      String(rolePolicy.policy).replace(/"(\$\{format\(.*?\)\})"(?=[,\]])/g, (_match: string, template: string) => `"@template-${templates.push(template) - 1}"`),
    );
    for (const statement of policy.Statement) if (Array.isArray(statement.Resource)) statement.Resource = statement.Resource.map((r: string) => (r.startsWith('@template-') ? templates[Number(r.slice(10))] : r));
    expect(policy.Statement).toEqual([
      {
        Sid: 'LinkAndLookUpUsers',
        Effect: 'Allow',
        Action: [
          'cognito-idp:ListUsers',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminLinkProviderForUser',
          'cognito-idp:DescribeUserPoolClient',
        ],
        Resource: poolArn,
      },
      {
        Sid: 'ReadConfiguration',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [
          // Built from the names, not the resource: the clients wait for this policy, the parameter for the clients.
          `\${format("arn:%s:ssm:%s:%s:parameter%s", element(split(":", aws_lambda_function.trigger.arn), 1), element(split(":", aws_lambda_function.trigger.arn), 3), element(split(":", aws_lambda_function.trigger.arn), 4), format("/cognito-link-policy/%s/app-clients", var.name_prefix))}`,
          `\${format("arn:%s:ssm:%s:%s:parameter%s", element(split(":", ${ref(synth.json, 'aws_lambda_function', 'arn').slice(2, -1)}), 1), element(split(":", ${ref(synth.json, 'aws_lambda_function', 'arn').slice(2, -1)}), 3), element(split(":", ${ref(synth.json, 'aws_lambda_function', 'arn').slice(2, -1)}), 4), var.log_hash_key_parameter == "" ? format("/cognito-link-policy/%s/log-hash-key", var.name_prefix) : var.log_hash_key_parameter)}`,
        ],
      },
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${ref(synth.json, 'aws_cloudwatch_log_group', 'arn')}:*`,
      },
    ]);
    expect(TRIGGER_COGNITO_ACTIONS).toHaveLength(4);
  });

  it('never grants AdminDisableProviderForUser (no hard-block mode) or any wildcard action', () => {
    expect(synth.text).not.toContain('AdminDisableProviderForUser');
    expect(only(synth.json, 'aws_iam_role_policy').policy).not.toMatch(/"(cognito-idp|logs):\*"|"\*"/);
  });

  it('lets only this pool invoke the function', () => {
    expect(synth.text).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'cognito-idp.amazonaws.com',
      source_arn: poolArn,
      function_name: ref(synth.json, 'aws_lambda_function', 'function_name'),
    });
  });
});

describe('managed-login domain', () => {
  const count = '${var.domain_prefix == "" ? 0 : 1}';

  it('exists only when domain_prefix is set; by default the classic hosted UI, which works with hashicorp/aws 5.x and 6.x', () => {
    expect(synth.text).toHaveResourceWithProperties(CognitoUserPoolDomain, {
      count,
      domain: '${var.domain_prefix}',
      user_pool_id: poolId,
      managed_login_version: 1,
    });
    expect(synth.json.resource).not.toHaveProperty('aws_cognito_managed_login_branding');
    expect(synth.json.variable.domain_prefix).toMatchObject({ type: 'string', default: '' });
  });

  it('with aws6Features: managed login v2 and Cognito\'s default style per client (the style resource exists only in 6.x)', () => {
    const aws6 = synthStack({ policiesDir: EXAMPLE_POLICIES, aws6Features: true });
    expect(aws6.text).toHaveResourceWithProperties(CognitoUserPoolDomain, { count, managed_login_version: 2 });
    expect(Object.keys(all(aws6.json, 'aws_cognito_managed_login_branding')).sort()).toEqual(['password', 'web']);
    expect(aws6.text).toHaveResourceWithProperties(CognitoManagedLoginBranding, {
      count,
      use_cognito_provided_values: true,
      client_id: '${aws_cognito_user_pool_client.web.id}',
      depends_on: ['aws_cognito_user_pool_domain.managed_login'],
    });
  });

  it('names its host from the pool ARN\'s region (the resources\' own region attribute is 6.x only)', () => {
    expect(synth.json.output.managed_login_domain?.value).toBe(
      '${one([for d in aws_cognito_user_pool_domain.managed_login : format("%s.auth.%s.amazoncognito.com", d.domain, element(split(":", aws_cognito_user_pool.pool.arn), 3))])}',
    );
  });
});

describe('addresses', () => {
  it('are readable and fixed: one name per resource, no construct-path hashes', () => {
    const addresses = Object.entries(synth.json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(addresses.sort()).toEqual([
      'aws_cloudwatch_log_group.trigger',
      'aws_cognito_identity_provider.acmeentraid',
      'aws_cognito_identity_provider.globexokta',
      'aws_cognito_identity_provider.google',
      'aws_cognito_user_pool.pool',
      'aws_cognito_user_pool_client.password',
      'aws_cognito_user_pool_client.web',
      'aws_cognito_user_pool_domain.managed_login',
      'aws_iam_role.trigger',
      'aws_iam_role_policy.trigger',
      'aws_lambda_function.trigger',
      'aws_lambda_permission.cognito_invoke',
      'aws_ssm_parameter.client_kinds',
    ]);
    // A data source is read, not stored: readable, and needs no moved block.
    const set: any = structuredClone(synth.stack.linkPolicy.policies);
    set.providers.globexokta.connection.client_secret = { secrets_manager: { secret_id: 'prod/cognito/globex-okta', json_key: 'client_secret' } };
    expect(Object.keys(synthStack({ policies: set }).json.data?.aws_secretsmanager_secret_version ?? {})).toEqual(['prod_cognito_globex-okta']);
  });

  it('move every resource from the hashed address stacks applied before (commit fae95b5), exactly those', () => {
    // The old addresses, as `terraform state list` shows them for a stack synthesized by main.ts
    // (construct id link-policy) before readable addresses.
    expect((synth.json as any).moved).toEqual(
      expect.arrayContaining([
        { from: 'aws_cognito_user_pool.link-policy_user-pool_FDCDDA72', to: 'aws_cognito_user_pool.pool' },
        { from: 'aws_cognito_identity_provider.link-policy_identity-providers_acmeentraid_41269F54', to: 'aws_cognito_identity_provider.acmeentraid' },
        { from: 'aws_cognito_identity_provider.link-policy_identity-providers_globexokta_5F1C94DD', to: 'aws_cognito_identity_provider.globexokta' },
        { from: 'aws_cognito_identity_provider.link-policy_identity-providers_google_E0298F59', to: 'aws_cognito_identity_provider.google' },
        { from: 'aws_cognito_user_pool_client.link-policy_app-clients_web_E6DCF67B', to: 'aws_cognito_user_pool_client.web' },
        { from: 'aws_cognito_user_pool_client.link-policy_app-clients_password_965BBA76', to: 'aws_cognito_user_pool_client.password' },
        { from: 'aws_cognito_user_pool_domain.link-policy_managed-login_domain_2154EBF0', to: 'aws_cognito_user_pool_domain.managed_login' },
        { from: 'aws_cloudwatch_log_group.link-policy_trigger_logs_5CD1F678', to: 'aws_cloudwatch_log_group.trigger' },
        { from: 'aws_iam_role.link-policy_trigger_role_E44325DB', to: 'aws_iam_role.trigger' },
        { from: 'aws_lambda_function.link-policy_trigger_function_2D0E6334', to: 'aws_lambda_function.trigger' },
        { from: 'aws_iam_role_policy.link-policy_trigger-access_role-policy_8211D266', to: 'aws_iam_role_policy.trigger' },
        { from: 'aws_lambda_permission.link-policy_trigger-access_cognito-invoke_7B13ED6F', to: 'aws_lambda_permission.cognito_invoke' },
      ]),
    );
    expect((synth.json as any).moved).toHaveLength(12);
    const aws6 = synthStack({ policiesDir: EXAMPLE_POLICIES, aws6Features: true });
    expect((aws6.json as any).moved).toEqual(
      expect.arrayContaining([
        { from: 'aws_cognito_managed_login_branding.link-policy_managed-login_branding-web_55E7C436', to: 'aws_cognito_managed_login_branding.web' },
        { from: 'aws_cognito_managed_login_branding.link-policy_managed-login_branding-password_71296D17', to: 'aws_cognito_managed_login_branding.password' },
      ]),
    );
  });
});

describe('variables and outputs', () => {
  it('declares the environment variables, the policy secrets and the log hash key (sensitive)', () => {
    expect(Object.keys(synth.json.variable).sort()).toEqual([
      'acme_entra_metadata_url',
      'allowed_account_ids',
      'domain_prefix',
      'email_from_address',
      'globex_okta_client_secret',
      'google_client_secret',
      'log_hash_key_parameter',
      'log_retention_days',
      'name_prefix',
      'password_callback_urls',
      'password_logout_urls',
      'region',
      'ses_source_arn',
      'tags',
      'user_pool_tier',
      'web_callback_urls',
      'web_logout_urls',
    ]);
    const sensitive = Object.entries(synth.json.variable).filter(([, variable]) => variable.sensitive);
    expect(sensitive.map(([name]) => name).sort()).toEqual(['globex_okta_client_secret', 'google_client_secret']);
    expect(synth.json.variable.acme_entra_metadata_url).toMatchObject({ type: 'string', nullable: false });
    expect(synth.json.variable.acme_entra_metadata_url).not.toHaveProperty('sensitive');
    expect(synth.json.variable.user_pool_tier).toMatchObject({ type: 'string', default: 'ESSENTIALS' });
    expect(synth.json.variable.tags).toMatchObject({ type: 'map(string)', default: { 'managed-by': 'cognito-link-policy' } });
  });

  it('writes every validation condition as an expression on its own variable (a bare JSON string is a literal)', () => {
    const validated = Object.entries(synth.json.variable).filter(([, variable]) => variable.validation);
    expect(validated.map(([name]) => name).sort()).toEqual([
      'acme_entra_metadata_url',
      'allowed_account_ids',
      'domain_prefix',
      'email_from_address',
      'log_hash_key_parameter',
      'log_retention_days',
      'name_prefix',
      'password_callback_urls',
      'region',
      'ses_source_arn',
      'user_pool_tier',
      'web_callback_urls',
    ]);
    for (const [name, variable] of validated) {
      for (const { condition } of variable.validation) {
        expect(condition).toMatch(/^\$\{.+\}$/);
        expect(condition).toContain(`var.${name}`);
      }
    }
  });

  it('tags every taggable resource from the tags variable', () => {
    for (const type of ['aws_cognito_user_pool', 'aws_lambda_function', 'aws_iam_role', 'aws_cloudwatch_log_group']) {
      expect(only(synth.json, type).tags).toBe('${var.tags}');
    }
  });

  it('outputs the pool, its issuer, the client ids (a map and one each), the function, its role and log group, the managed-login domain', () => {
    expect(Object.keys(synth.json.output).sort()).toEqual([
      'client_ids',
      'identity_providers',
      'issuer_url',
      'managed_login_domain',
      'password_client_id',
      'trigger_function_arn',
      'trigger_function_name',
      'trigger_log_group_name',
      'trigger_role_arn',
      'user_pool_arn',
      'user_pool_id',
      'web_client_id',
    ]);
    expect(synth.json.output.user_pool_arn?.value).toBe(poolArn);
    expect(synth.json.output.issuer_url?.value).toBe('https://${aws_cognito_user_pool.pool.endpoint}');
    expect(synth.json.output.client_ids?.value).toEqual({
      web: '${aws_cognito_user_pool_client.web.id}',
      password: '${aws_cognito_user_pool_client.password.id}',
    });
    expect(synth.json.output.trigger_role_arn?.value).toBe('${aws_iam_role.trigger.arn}');
    expect(synth.json.output.trigger_log_group_name?.value).toBe('${aws_cloudwatch_log_group.trigger.name}');
  });
});

describe('dependency graph', () => {
  it('has no cycle', () => {
    expect(findCycle(referenceGraph(synth.json))).toBeUndefined();
  });

  it('has the edges that order creation: pool -> function -> role, permission -> pool and function', () => {
    const graph = referenceGraph(synth.json);
    const address = (type: string) => `${type}.${Object.keys(all(synth.json, type))[0]}`;
    expect(graph.get(address('aws_cognito_user_pool'))).toEqual([address('aws_lambda_function')]);
    expect(graph.get(address('aws_lambda_function'))).toEqual(
      [address('aws_cloudwatch_log_group'), address('aws_iam_role')].sort(),
    );
    expect(graph.get(address('aws_lambda_permission'))).toEqual(
      [address('aws_cognito_user_pool'), address('aws_lambda_function')].sort(),
    );
  });
});

describe('golden snapshot', () => {
  it('matches, with the asset hash and absolute paths masked', () => {
    const asset = synth.stack.linkPolicy.trigger.asset;
    const masked = synth.text.split(asset.assetHash).join('<asset-hash>').split(process.cwd()).join('<cwd>');
    expect(JSON.parse(masked)).toMatchSnapshot();
  });
});
