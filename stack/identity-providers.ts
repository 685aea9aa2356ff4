import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Construct } from 'constructs';
import type { ProviderConnection } from '../policy/compiled';
import type { BlueprintProvider } from '../policy/pool-blueprint';
import type {
  AppleConnection,
  OidcConnection,
  SamlConnection,
  SocialConnection,
  TerraformVariableValue,
} from '../policy/schema-types.generated';
import { readableAddressMovedFromHashed, terraformName } from './addresses';
import { CognitoIdentityProvider } from './cdktf';
import type { SecretValues } from './secret-values';
import type { StackVariables } from './stack-variables';

export interface IdentityProvidersProps {
  readonly userPoolId: string;
  readonly providers: readonly BlueprintProvider[];
  readonly secrets: SecretValues;
  /** Declares the variables a policy names for non-secret connection values. */
  readonly variables: StackVariables;
  /** Locates a SAML metadata file named by a provider's policy. */
  readonly metadataFile: (provider: BlueprintProvider, file: string) => string;
  /** Lower-cased names of providers whose prevent_destroy is lifted (a deliberate offboarding). */
  readonly destroyable: ReadonlySet<string>;
}

/**
 * One `aws_cognito_identity_provider` per policy provider that carries connection details.
 * A provider without them is managed outside this stack (for example by its tenant's own
 * pipeline): the trigger still knows it, the stack creates nothing for it.
 *
 * Identity providers are precious: deleting one and creating it again gives every federated user
 * a new profile at the next sign-in (GUIDE-2023 naming page; LINKING), and their links are gone.
 * So each carries lifecycle.prevent_destroy unless listed in `destroyable`, and its construct id
 * is the lower-cased name: re-casing a name is then a replacement of the same resource, which
 * prevent_destroy refuses, instead of a silent delete-and-create of two addresses.
 */
export class IdentityProviders extends Construct {
  /** Created providers by exact-case name, in policy order. */
  readonly created = new Map<string, CognitoIdentityProvider>();
  /** Names of providers without connection details. */
  readonly external: string[] = [];

  constructor(scope: Construct, id: string, props: IdentityProvidersProps) {
    super(scope, id);
    for (const provider of props.providers) {
      if (!provider.connection) {
        this.external.push(provider.name);
        continue;
      }
      const details = providerDetails(provider, provider.connection, props);
      const preventDestroy = !props.destroyable.has(provider.name.toLowerCase());
      const idp = new CognitoIdentityProvider(this, provider.name.toLowerCase(), {
        userPoolId: props.userPoolId,
        providerName: provider.name,
        providerType: provider.type,
        providerDetails: details,
        attributeMapping: { ...usernameMapping(provider.type), ...provider.attribute_mapping },
        ...(provider.idp_identifiers.length > 0 ? { idpIdentifiers: [...provider.idp_identifiers] } : {}),
        lifecycle: { preventDestroy, ignoreChanges: cognitoFilledDetails(provider.type, Object.keys(details)) },
      });
      readableAddressMovedFromHashed(idp, this.addressOf(provider.name));
      this.created.set(provider.name, idp);
    }
  }

  private readonly addresses = new Map<string, string>();

  /** The lower-cased name as a Terraform name: a re-cased provider keeps its address (see above). */
  private addressOf(providerName: string): string {
    const address = terraformName(providerName, 'idp');
    const other = this.addresses.get(address);
    if (other !== undefined) {
      throw new Error(`identity providers ${other} and ${providerName} would share the Terraform address aws_cognito_identity_provider.${address}; rename one`);
    }
    this.addresses.set(address, providerName);
    return address;
  }
}

/**
 * The `username` mapping Cognito adds on its own to OIDC and social providers (the claim that
 * becomes the `<provider>_<id>` user name): stated here, so the next plan does not propose to
 * remove it, on every run. SAML has none (its user name comes from the NameID). Policies cannot
 * map `username` themselves (tenant-policy schema).
 */
const USERNAME_CLAIM: Readonly<Record<string, string>> = {
  OIDC: 'sub',
  Google: 'sub',
  SignInWithApple: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
};

function usernameMapping(type: string): Record<string, string> {
  const claim = USERNAME_CLAIM[type];
  return claim ? { username: claim } : {};
}

/** Default authorize scopes per social provider, in the separator Cognito expects. */
const SOCIAL_SCOPES: Readonly<Record<string, { readonly scopes: readonly string[]; readonly separator: string }>> = {
  Google: { scopes: ['openid', 'email', 'profile'], separator: ' ' },
  // Facebook takes a comma-separated list (AWS examples: "public_profile, email").
  Facebook: { scopes: ['public_profile', 'email'], separator: ',' },
  LoginWithAmazon: { scopes: ['profile'], separator: ' ' },
  SignInWithApple: { scopes: ['email', 'name'], separator: ' ' },
};

/**
 * ProviderDetails keys per type (Cognito API, IdentityProviderType.ProviderDetails):
 * SAML MetadataURL | MetadataFile [+ IDPSignout]; OIDC client_id, client_secret, oidc_issuer,
 * authorize_scopes, attributes_request_method; Google/Facebook/LoginWithAmazon client_id,
 * client_secret, authorize_scopes; SignInWithApple client_id, team_id, key_id, private_key,
 * authorize_scopes. Secrets are Terraform expressions, never literals.
 */
function providerDetails(
  provider: BlueprintProvider,
  connection: ProviderConnection,
  props: IdentityProvidersProps,
): Record<string, string> {
  const where = `identity provider ${provider.name} (tenant ${provider.tenant_id})`;
  // A literal from the policy, or a Terraform variable the policy names (TerraformVariableValue).
  const connectionValue = (value: string | TerraformVariableValue, what: string, https: boolean): string =>
    typeof value === 'string' ? value : props.variables.connectionValue(value.terraform_variable, where, what, https);
  switch (provider.type) {
    case 'SAML': {
      const saml = connection as SamlConnection;
      const signOut: Record<string, string> = saml.sign_out ? { IDPSignout: 'true' } : {};
      if ('metadata_url' in saml) return { MetadataURL: connectionValue(saml.metadata_url, 'SAML metadata URL', true), ...signOut };
      if ('metadata_file' in saml) return { MetadataFile: props.metadataFile(provider, saml.metadata_file), ...signOut };
      throw new Error(`${where}: a SAML connection needs metadata_url or metadata_file`);
    }
    case 'OIDC': {
      const oidc = expect<OidcConnection>(connection, ['issuer', 'client_id', 'client_secret'], where);
      return {
        client_id: connectionValue(oidc.client_id, 'OIDC client id', false),
        client_secret: props.secrets.expressionFor(oidc.client_secret, where),
        oidc_issuer: connectionValue(oidc.issuer, 'OIDC issuer URL', true),
        authorize_scopes: (oidc.scopes ?? ['openid', 'email', 'profile']).join(' '),
        attributes_request_method: oidc.attributes_request_method ?? 'GET',
      };
    }
    case 'SignInWithApple': {
      const apple = expect<AppleConnection>(connection, ['client_id', 'team_id', 'key_id', 'private_key'], where);
      return {
        client_id: apple.client_id,
        team_id: apple.team_id,
        key_id: apple.key_id,
        private_key: props.secrets.expressionFor(apple.private_key, where),
        authorize_scopes: (apple.scopes ?? socialScopes(provider.type).scopes).join(' '),
      };
    }
    case 'Google':
    case 'Facebook':
    case 'LoginWithAmazon': {
      const social = expect<SocialConnection>(connection, ['client_id', 'client_secret'], where);
      const defaults = socialScopes(provider.type);
      return {
        client_id: social.client_id,
        client_secret: props.secrets.expressionFor(social.client_secret, where),
        authorize_scopes: (social.scopes ?? defaults.scopes).join(defaults.separator),
      };
    }
  }
}

function socialScopes(type: string): { readonly scopes: readonly string[]; readonly separator: string } {
  const scopes = SOCIAL_SCOPES[type];
  if (!scopes) throw new Error(`no default scopes for provider type ${type}`);
  return scopes;
}

/** The validator guarantees each type's connection shape; this keeps a bad compiled set from synthesizing nonsense. */
function expect<T>(connection: ProviderConnection, keys: readonly string[], where: string): T {
  const missing = keys.filter((key) => !(key in connection));
  if (missing.length > 0) throw new Error(`${where}: connection lacks ${missing.join(', ')}`);
  return connection as T;
}

/**
 * Keys Cognito adds to ProviderDetails on its own (endpoints discovered from the issuer, the
 * social providers' fixed endpoints, SAML's derived certificate and bindings). The AWS provider
 * 6.25 plans to remove them on every run; newer provider versions suppress some of these diffs
 * (terraform-provider-aws, internal/service/cognitoidp/identity_provider.go). Keys this stack
 * configures are never ignored, so a policy change to them is always planned.
 */
const COGNITO_FILLED_DETAILS: Readonly<Record<string, readonly string[]>> = {
  SAML: ['ActiveEncryptionCertificate', 'SSORedirectBindingURI', 'SLORedirectBindingURI'],
  OIDC: ['attributes_url', 'attributes_url_add_attributes', 'authorize_url', 'jwks_uri', 'token_url'],
  social: [
    'attributes_url',
    'attributes_url_add_attributes',
    'authorize_url',
    'oidc_issuer',
    'token_request_method',
    'token_url',
  ],
};

function cognitoFilledDetails(type: string, configured: readonly string[]): string[] {
  const keys = COGNITO_FILLED_DETAILS[type] ?? COGNITO_FILLED_DETAILS.social ?? [];
  return keys.filter((key) => !configured.includes(key)).map((key) => `provider_details["${key}"]`);
}

/**
 * Reads a SAML metadata file named relative to its policy file. Refuses paths that leave the
 * policies directory: a policy must not make the stack read arbitrary files into Terraform.
 */
export function readMetadataFile(policiesDir: string, policyFile: string, file: string, where: string): string {
  const root = resolve(policiesDir);
  const path = resolve(root, dirname(policyFile), file);
  const inside = relative(root, path);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`${where}: metadata_file ${file} is outside the policies directory`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${where}: cannot read metadata_file ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
