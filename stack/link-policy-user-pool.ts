import { join, resolve } from 'node:path';
import { Construct } from 'constructs';
import type { CompiledPolicySet } from '../policy/compiled';
import { poolBlueprint, type BlueprintProvider, type PoolBlueprint } from '../policy/pool-blueprint';
import { buildTriggerArtifactSync } from '../lambda/build/build-artifact';
import { AppClients } from './app-clients';
import { App, type CognitoUserPool } from './cdktf';
import { ClientKindsParameter } from './client-kinds-parameter';
import { IdentityProviders, readMetadataFile } from './identity-providers';
import { ManagedLoginDomain } from './managed-login-domain';
import { resolvePolicies, type PolicySourceProps } from './policy-source';
import { checkSchemaLock, SCHEMA_LOCK_FILE } from './schema-lock';
import { SecretValues } from './secret-values';
import { StackOutputs } from './stack-outputs';
import { StackVariables } from './stack-variables';
import { TriggerAccess } from './trigger-access';
import { TriggerFunction, type TriggerFunctionOptions } from './trigger-function';
import { LinkPolicyPool, type UserPoolOptions } from './user-pool';

export interface LinkPolicyUserPoolProps extends PolicySourceProps {
  /** Default of the `name_prefix` variable, which prefixes every resource name. Default `link-policy`. */
  readonly namePrefix?: string;
  /** Default of the `tags` variable, applied to every taggable resource. A `managed-by` tag is added. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Default of the `log_retention_days` variable (the trigger's log group). Default 90. */
  readonly logRetentionDays?: number;
  /** Default of the `domain_prefix` variable; omitted or "" means no managed-login domain. */
  readonly domainPrefix?: string;
  /**
   * Defaults of the `ses_source_arn` and `email_from_address` variables: Cognito's emails go out
   * through this SES identity. Omitted: Cognito's own sender, which sends at most 50 emails a day
   * per AWS account (GUIDE quotas), too few for sign-up codes and recovery in production.
   */
  readonly email?: { readonly sesSourceArn?: string; readonly fromAddress?: string };
  /**
   * Identity providers (policy names, any case) whose lifecycle.prevent_destroy is lifted, for a
   * deliberate offboarding or replacement (docs/stack.md, "Removing or replacing an identity
   * provider"). Every name must be a provider this stack creates; remove it once done.
   */
  readonly destroyableIdentityProviders?: readonly string[];
  /** Password policy, MFA, deletion protection, pool name, self sign-up, retained attributes. */
  readonly pool?: UserPoolOptions;
  /** Memory, timeout, architecture and deadline of the trigger function. */
  readonly trigger?: TriggerFunctionOptions;
  /**
   * Use what only hashicorp/aws 6.x has (AWS6_ONLY_FEATURES: managed login version 2 with a
   * branding style per client). Default false: the configuration works with 5.100 and every 6.x.
   */
  readonly aws6Features?: boolean;
  /**
   * Lift every protection: prevent_destroy on the pool and on every identity provider, and the
   * pool's deletion protection (INACTIVE unless `pool.deletionProtection` says otherwise), so
   * `terraform destroy` removes the stack. For sandboxes only (`npm run synth -- --allow-destroy`).
   */
  readonly allowDestroy?: boolean;
}

/** What a synth produced, for summaries and tests. */
export interface LinkPolicyUserPoolInfo {
  readonly tenants: readonly string[];
  /** Identity providers this stack creates, exact-case names. */
  readonly createdProviders: readonly string[];
  /** Providers the policies name without connection details: managed elsewhere, created by nobody here. */
  readonly externalProviders: readonly string[];
  readonly appClients: readonly string[];
  readonly artifact: { readonly dir: string; readonly bytes: number; readonly sha256: string };
  /** Loader warnings and stack warnings, one line each. */
  readonly warnings: readonly string[];
}

/**
 * A Cognito user pool governed by link policies: the pool, the tenants' identity providers, the
 * app clients, the one generic trigger (pre sign-up and pre authentication) with least-privilege
 * IAM, and the Terraform variables and outputs around them. Declare one per stack: its variables
 * and outputs have fixed names.
 */
export class LinkPolicyUserPool extends Construct {
  readonly policies: CompiledPolicySet;
  readonly variables: StackVariables;
  readonly trigger: TriggerFunction;
  readonly userPool: CognitoUserPool;
  readonly identityProviders: IdentityProviders;
  readonly appClients: AppClients;
  /** The clients' sign-in kinds, for the trigger (written after the clients). */
  readonly clientKinds: ClientKindsParameter;
  readonly access: TriggerAccess;
  readonly managedLogin: ManagedLoginDomain;
  readonly outputs: StackOutputs;
  readonly info: LinkPolicyUserPoolInfo;

  constructor(scope: Construct, id: string, props: LinkPolicyUserPoolProps) {
    super(scope, id);
    const source = resolvePolicies(props);
    const set = source.set;
    this.policies = set;
    refuseMixedClientWhilePasswordsBlocked(set);
    const blueprint = poolBlueprint(set);
    const lock = source.dir ? checkSchemaLock(source.dir, declaredCustomAttributes(set)) : undefined;

    this.variables = new StackVariables(this, 'variables', {
      namePrefix: props.namePrefix ?? 'link-policy',
      tags: { 'managed-by': 'cognito-link-policy', ...props.tags },
      logRetentionDays: props.logRetentionDays ?? 90,
      domainPrefix: props.domainPrefix ?? '',
      sesSourceArn: props.email?.sesSourceArn ?? '',
      emailFromAddress: props.email?.fromAddress ?? '',
      clientNames: blueprint.app_clients.map((client) => client.name),
    });
    const prefix = this.variables.namePrefix;
    const tags = this.variables.tags;

    // One builder for the stack and `npm run build:trigger`: the policies are compiled into the
    // bundle, so the asset hash changes with them. Built under the app's output directory.
    const artifact = buildTriggerArtifactSync({
      policySet: set,
      outDir: join(resolve(App.of(this).outdir), '.trigger-build', this.node.path.replace(/[^A-Za-z0-9_-]+/g, '_')),
    });
    this.trigger = new TriggerFunction(this, 'trigger', {
      ...props.trigger,
      functionName: `${prefix}-link-policy-trigger`,
      artifactDir: artifact.dir,
      logRetentionDays: this.variables.logRetentionDays,
      parameters: { clientKinds: this.variables.clientKindsParameter, logHashKey: this.variables.logHashKeyParameter },
      tags,
    });

    this.userPool = new LinkPolicyPool(this, 'user-pool', {
      ...props.pool,
      retainedCustomAttributes: [...(props.pool?.retainedCustomAttributes ?? []), ...(lock?.retained ?? [])],
      defaultName: `${prefix}-users`,
      blueprint,
      email: this.variables.email,
      triggerArn: this.trigger.function.arn,
      tier: this.variables.userPoolTier,
      allowDestroy: props.allowDestroy ?? false,
      tags,
    }).pool;
    const pool = this.userPool;
    this.access = new TriggerAccess(this, 'trigger-access', {
      pool,
      trigger: this.trigger,
      parameterExpressions: [this.variables.clientKindsParameterExpression, this.variables.logHashKeyParameterExpression],
    });

    const secrets = new SecretValues(this, 'secrets', this.variables);
    const destroyable = props.allowDestroy
      ? new Set(blueprint.identity_providers.map((provider) => provider.name.toLowerCase()))
      : destroyableProviders(blueprint, props.destroyableIdentityProviders ?? []);
    this.identityProviders = new IdentityProviders(this, 'identity-providers', {
      userPoolId: pool.id,
      providers: blueprint.identity_providers,
      secrets,
      variables: this.variables,
      metadataFile: metadataFileReader(set, source.dir),
      destroyable,
    });
    const unprotected = [...this.identityProviders.created.keys()].filter((name) => destroyable.has(name.toLowerCase()));
    this.appClients = new AppClients(this, 'app-clients', {
      userPoolId: pool.id,
      clients: blueprint.app_clients,
      providers: this.identityProviders.created,
      variables: this.variables,
      namePrefix: prefix,
      signInPrerequisites: [this.access.permission, this.access.rolePolicy],
    });
    this.clientKinds = new ClientKindsParameter(this, 'client-kinds', {
      name: this.variables.clientKindsParameter,
      clients: this.appClients.created,
      policyDigest: set.digest,
      tags,
    });
    this.managedLogin = new ManagedLoginDomain(this, 'managed-login', {
      pool,
      domainPrefix: this.variables.domainPrefix,
      count: this.variables.domainCount,
      clients: this.appClients.clients,
      managedLoginV2: props.aws6Features ?? false,
    });
    this.outputs = new StackOutputs(this, 'outputs', {
      pool,
      clients: this.appClients.clients,
      trigger: this.trigger,
      identityProviders: this.identityProviders.created,
      managedLoginDomain: this.managedLogin.hostName,
    });

    this.info = {
      tenants: Object.keys(set.tenants).sort(),
      createdProviders: [...this.identityProviders.created.keys()],
      externalProviders: [...this.identityProviders.external],
      appClients: [...this.appClients.clients.keys()],
      artifact: { dir: artifact.dir, bytes: artifact.bytes, sha256: artifact.sha256 },
      warnings: [
        ...source.warnings,
        ...(source.dir && !lock && blueprint.custom_attributes.length > 0
          ? [`no ${SCHEMA_LOCK_FILE} next to the policies: removing the last policy that maps ${blueprint.custom_attributes.join(', ')} would plan a change that fails at apply (docs/stack.md, "Custom attribute lock")`]
          : []),
        ...this.appClients.warnings,
        ...(props.allowDestroy
          ? ['every protection lifted (--allow-destroy): terraform destroy deletes the pool, its users and identity providers; for sandboxes only']
          : unprotected.length > 0
            ? [`prevent_destroy lifted for identity provider(s) ${unprotected.join(', ')}: this plan may destroy or replace them, and their users get new profiles`]
            : []),
      ],
    };
  }
}

/**
 * Pre authentication cannot tell a linked user's password sign-in from their SSO sign-in on a
 * client that offers both, so such a client would let blocked users keep their password (or
 * block their SSO). The validator reports it too; the stack refuses to build it.
 */
function refuseMixedClientWhilePasswordsBlocked(set: CompiledPolicySet): void {
  const mixed = set.settings.app_clients.filter((client) => client.sign_in === 'sso_and_password');
  if (mixed.length === 0) return;
  const blocking = Object.values(set.tenants)
    .filter((tenant) => tenant.native_login.password_sign_in !== 'allow')
    .map((tenant) => `${tenant.id} (${tenant.source_file})`)
    .sort();
  if (blocking.length === 0) return;
  throw new Error(
    `app client(s) ${mixed.map((client) => client.name).join(', ')} offer sso_and_password, but tenant(s) ` +
      `${blocking.join(', ')} block password sign-in: pre authentication cannot tell a linked user's password ` +
      'sign-in from their SSO on such a client. Split it into an sso client and a password client.',
  );
}

/**
 * Lower-cased names, each checked against the providers this stack creates: a stale entry would
 * silently leave a provider of that name unprotected if it ever came back.
 */
function destroyableProviders(blueprint: PoolBlueprint, names: readonly string[]): Set<string> {
  const created = new Set(blueprint.identity_providers.filter((provider) => provider.connection).map((provider) => provider.name.toLowerCase()));
  const unknown = names.filter((name) => !created.has(name.toLowerCase()));
  if (unknown.length > 0) {
    throw new Error(
      `destroyableIdentityProviders names ${unknown.join(', ')}, which this stack does not create; ` +
        'list only providers still in the policies (a provider removed from them is destroyed without this), and remove the entry once done',
    );
  }
  return new Set(names.map((name) => name.toLowerCase()));
}

/** Each custom attribute a policy maps, with the policy file that maps it first. */
function declaredCustomAttributes(set: CompiledPolicySet): Map<string, string> {
  const declared = new Map<string, string>();
  for (const provider of Object.values(set.providers)) {
    for (const attribute of Object.keys(provider.attribute_mapping)) {
      if (attribute.startsWith('custom:') && !declared.has(attribute)) {
        declared.set(attribute, set.tenants[provider.tenant_id]?.source_file ?? `tenant ${provider.tenant_id}`);
      }
    }
  }
  return declared;
}

function metadataFileReader(set: CompiledPolicySet, dir: string | undefined) {
  return (provider: BlueprintProvider, file: string): string => {
    const where = `identity provider ${provider.name} (tenant ${provider.tenant_id})`;
    const tenant = set.tenants[provider.tenant_id];
    if (!tenant) throw new Error(`${where}: tenant not found in the policy set`);
    if (!dir) throw new Error(`${where}: metadata_file ${file} needs \`policiesDir\` to locate ${tenant.source_file}`);
    return readMetadataFile(dir, tenant.source_file, file, where);
  };
}
