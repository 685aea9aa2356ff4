import { Construct } from 'constructs';
import type { BlueprintAppClient } from '../policy/pool-blueprint';
import { readableAddressMovedFromHashed } from './addresses';
import { CognitoUserPoolClient, type CognitoIdentityProvider, type ITerraformDependable } from './cdktf';
import type { StackVariables } from './stack-variables';

export interface AppClientsProps {
  readonly userPoolId: string;
  readonly clients: readonly BlueprintAppClient[];
  /** Identity providers this stack creates, by exact-case name. */
  readonly providers: ReadonlyMap<string, CognitoIdentityProvider>;
  readonly variables: StackVariables;
  readonly namePrefix: string;
  /**
   * What must exist before anyone can sign in: the trigger's Lambda permission and role policy.
   * Every sign-in goes through a client, so a client created after them means the first sign-in
   * right after the first apply finds the trigger wired and allowed (on first create the pool's
   * lambda_config exists before the permission, which names the pool).
   */
  readonly signInPrerequisites: readonly ITerraformDependable[];
}

/** A created client and the exact providers and flows it was given (what its sign-in kind is computed from). */
export interface CreatedAppClient {
  readonly resource: CognitoUserPoolClient;
  readonly supportedIdentityProviders: readonly string[];
  readonly explicitAuthFlows: readonly string[];
}

/**
 * The pool's app clients, rendered from the blueprint. No client id goes into the function (that
 * would close a pool -> function -> client -> pool cycle): their sign-in kinds reach the trigger
 * through a parameter written after them (client-kinds-parameter.ts).
 */
export class AppClients extends Construct {
  /** Clients by blueprint name, in blueprint order. */
  readonly clients = new Map<string, CognitoUserPoolClient>();
  /** The same clients with what they were given. */
  readonly created: CreatedAppClient[] = [];
  /** One line per client offering SSO without any provider this stack creates. */
  readonly warnings: string[] = [];

  constructor(scope: Construct, id: string, props: AppClientsProps) {
    super(scope, id);
    for (const client of props.clients) {
      // Providers managed outside this stack are left out: listing them would make the client
      // depend on resources Terraform does not know.
      const identityProviders = client.supported_identity_providers.filter(
        (name) => name === 'COGNITO' || props.providers.has(name),
      );
      const dependsOn = identityProviders.flatMap((name) => {
        const provider = props.providers.get(name);
        return provider ? [provider] : [];
      });
      if (client.sign_in !== 'password' && dependsOn.length === 0) {
        this.warnings.push(`app client ${client.name} offers SSO but this stack creates none of its identity providers`);
      }

      const appClient = new CognitoUserPoolClient(this, client.name, {
          name: `${props.namePrefix}-${client.name}`,
          userPoolId: props.userPoolId,
          generateSecret: client.generate_secret,
          // Exactly the blueprint's flows: never ALLOW_USER_AUTH or ALLOW_CUSTOM_AUTH, either of
          // which allows password sign-in on an "SSO-only" client (docs/cognito-facts.md §12).
          explicitAuthFlows: [...client.explicit_auth_flows],
          supportedIdentityProviders: identityProviders,
          allowedOauthFlowsUserPoolClient: true,
          allowedOauthFlows: ['code'],
          // Never aws.cognito.signin.user.admin: managed-login tokens then cannot write attributes.
          allowedOauthScopes: [...client.allowed_oauth_scopes],
          // Explicit: users write only what the blueprint allows (never a verified flag, a subject or
          // a matched attribute); an SSO client lets Cognito write exactly what its providers map.
          readAttributes: [...client.read_attributes],
          writeAttributes: [...client.write_attributes],
          callbackUrls: props.variables.callbackUrlsOf(client.name),
          logoutUrls: props.variables.logoutUrlsOf(client.name),
          // Sign-in and recovery answer the same way whether or not the user exists.
          preventUserExistenceErrors: client.prevent_user_existence_errors ? 'ENABLED' : 'LEGACY',
          enableTokenRevocation: true,
          // Cognito rejects a client naming a provider that does not exist yet.
          dependsOn: [...dependsOn, ...props.signInPrerequisites],
      });
      // Client names are Terraform names already (pool-settings schema: ^[a-z][a-z0-9_]{0,39}$).
      readableAddressMovedFromHashed(appClient, client.name);
      this.clients.set(client.name, appClient);
      this.created.push({ resource: appClient, supportedIdentityProviders: identityProviders, explicitAuthFlows: client.explicit_auth_flows });
    }
  }
}
