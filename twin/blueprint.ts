// A twin pool shaped by the same blueprint the stack renders (policy/pool-blueprint.ts), so tests,
// `link-policy test` and `explain` run against the sign-in settings, providers, mappings and
// clients `terraform apply` creates.

import type { BlueprintProvider, PoolBlueprint } from '../policy/pool-blueprint';
import type { IdentityProviderOptions } from './pool/config';
import type { PoolOptions } from './pool/pool';

/** What the blueprint decides; everything else (switches, trigger, timing) stays the test's choice. */
type FromBlueprint =
  | 'caseSensitive'
  | 'usernameAttributes'
  | 'aliasAttributes'
  | 'autoVerifiedAttributes'
  | 'attributesRequireVerificationBeforeUpdate'
  | 'allowSelfSignUp'
  | 'customAttributes'
  | 'identityProviders'
  | 'appClients';

export interface BlueprintPoolOptions extends Omit<PoolOptions, FromBlueprint> {
  /** Callback URLs given to every app client (federated sign-in results redirect there). */
  readonly callbackUrls?: readonly string[];
}

/** ProviderDetails as DescribeIdentityProvider shows them; never secrets (the blueprint holds only references). */
function providerDetails(provider: BlueprintProvider): Record<string, string> {
  const connection = provider.connection as Record<string, unknown> | undefined;
  if (!connection) return {};
  const details: Record<string, string> = {};
  if (typeof connection['metadata_url'] === 'string') details['MetadataURL'] = connection['metadata_url'];
  if (typeof connection['metadata_file'] === 'string') details['MetadataFile'] = connection['metadata_file'];
  if (typeof connection['issuer'] === 'string') details['oidc_issuer'] = connection['issuer'];
  if (typeof connection['client_id'] === 'string') details['client_id'] = connection['client_id'];
  if (Array.isArray(connection['scopes'])) details['authorize_scopes'] = connection['scopes'].join(' ');
  if (typeof connection['attributes_request_method'] === 'string') details['attributes_request_method'] = connection['attributes_request_method'];
  return details;
}

export function blueprintPoolOptions(blueprint: PoolBlueprint, options: BlueprintPoolOptions = {}): PoolOptions {
  const { callbackUrls, ...rest } = options;
  const identityProviders: IdentityProviderOptions[] = blueprint.identity_providers.map((provider) => {
    const details = providerDetails(provider);
    return {
      name: provider.name,
      type: provider.type,
      attributeMapping: provider.attribute_mapping,
      idpIdentifiers: provider.idp_identifiers,
      providerDetails: details,
      // LINKING's example carries the OIDC issuer in identities[].issuer; null otherwise.
      issuer: provider.type === 'OIDC' && details['oidc_issuer'] ? details['oidc_issuer'] : null,
    };
  });
  return {
    ...rest,
    caseSensitive: blueprint.username.case_sensitive,
    aliasAttributes: blueprint.username.alias_attributes,
    autoVerifiedAttributes: blueprint.auto_verified_attributes,
    attributesRequireVerificationBeforeUpdate: blueprint.attributes_require_verification_before_update,
    allowSelfSignUp: blueprint.allow_self_sign_up,
    // The blueprint's custom attributes are created mutable: Cognito rewrites mapped attributes at every sign-in.
    customAttributes: blueprint.custom_attributes.map((name) => ({ name, mutable: true })),
    identityProviders,
    appClients: blueprint.app_clients.map((client) => ({
      name: client.name,
      explicitAuthFlows: client.explicit_auth_flows,
      supportedIdentityProviders: client.supported_identity_providers,
      generateSecret: client.generate_secret,
      preventUserExistenceErrors: client.prevent_user_existence_errors,
      readAttributes: client.read_attributes,
      writeAttributes: client.write_attributes,
      allowedOauthScopes: client.allowed_oauth_scopes,
      ...(callbackUrls ? { callbackUrls } : {}),
    })),
  };
}
