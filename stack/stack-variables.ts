import { Construct } from 'constructs';
import { PARAMETER_ROOT } from '../lambda/runtime/configuration';
import { DEFAULT_SENDER_EMAILS_PER_DAY } from '../policy/cognito-limits';
import { TerraformVariable, Token } from './cdktf';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface StackVariablesProps {
  /** Default of `name_prefix`. */
  readonly namePrefix: string;
  /** Default of `tags`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Default of `log_retention_days`. */
  readonly logRetentionDays: number;
  /** Default of `domain_prefix` ("" = no managed-login domain). */
  readonly domainPrefix: string;
  /** Default of `ses_source_arn` ("" = Cognito's own email sender). */
  readonly sesSourceArn: string;
  /** Default of `email_from_address` ("" = the SES identity's address). */
  readonly emailFromAddress: string;
  /** App client names: each gets `<name>_callback_urls` and `<name>_logout_urls`. */
  readonly clientNames: readonly string[];
}

/**
 * The Terraform variables: what differs per environment. Their names are fixed (not construct
 * paths) because operators type them in tfvars files and `-var` flags. Validation conditions are
 * written as `${...}`: in Terraform's JSON syntax a bare string is a literal, not an expression.
 */
export class StackVariables extends Construct {
  readonly namePrefix: string;
  readonly tags: Record<string, string>;
  readonly logRetentionDays: number;
  /** Expression: the name of the operator's SecureString holding the log hash key. */
  readonly logHashKeyParameter: string;
  /** The same, as an expression to embed in another (no surrounding `${}`). */
  readonly logHashKeyParameterExpression: string;
  /** Expression: the name of the parameter the stack writes the app clients' sign-in kinds to. */
  readonly clientKindsParameter: string;
  /** The same, as an expression to embed in another (no surrounding `${}`). */
  readonly clientKindsParameterExpression: string;
  readonly domainPrefix: string;
  /** The `user_pool_tier` variable. */
  readonly userPoolTier: string;
  /** 1 when `domain_prefix` is set, else 0: the `count` of the managed-login resources. */
  readonly domainCount: number;
  /** `var.ses_source_arn` and `var.email_from_address` as expressions for the pool's email_configuration. */
  readonly email: {
    readonly sendingAccount: string;
    readonly sourceArn: string;
    readonly fromAddress: string;
    /** True when the settings are consistent (a from address needs an SES identity). */
    readonly consistent: string;
  };
  private readonly callbackUrls = new Map<string, string[]>();
  private readonly logoutUrls = new Map<string, string[]>();
  /** Secret variables by name, with the provider each belongs to. */
  private readonly secrets = new Map<string, { readonly value: string; readonly usedBy: string }>();
  /** Non-secret connection variables by name, with the provider each belongs to. */
  private readonly values = new Map<string, { readonly value: string; readonly usedBy: string }>();
  /** Names declared by this construct, so a policy's secret variable cannot shadow one. */
  private readonly reserved = new Set<string>(['region', 'allowed_account_ids']); // declared by the root stack

  constructor(scope: Construct, id: string, props: StackVariablesProps) {
    super(scope, id);
    this.namePrefix = this.declare('name_prefix', {
      type: 'string',
      default: props.namePrefix,
      description: 'Prefix of every resource name (pool, clients, function, role, log group).',
      validation: [
        {
          // The function and role names append 20 characters and are limited to 64.
          condition: '${can(regex("^[a-z][a-z0-9-]{0,39}$", var.name_prefix))}',
          errorMessage: 'name_prefix: 1-40 characters, lower-case letters, digits and hyphens, starting with a letter.',
        },
      ],
    }).stringValue;
    const tags = this.declare('tags', { type: 'map(string)', description: 'Tags applied to every taggable resource.' });
    // Set as an override: cdktf snake-cases the keys of a `default` map ("managed-by" -> "managed_by").
    tags.addOverride('default', { ...props.tags });
    this.tags = tags.value;
    this.logRetentionDays = this.declare('log_retention_days', {
      type: 'number',
      default: props.logRetentionDays,
      description: "Retention of the trigger's CloudWatch log group, in days.",
      validation: [
        {
          condition: `\${contains([${LOG_RETENTION_DAYS.join(', ')}], var.log_retention_days)}`,
          errorMessage: 'log_retention_days must be a retention period CloudWatch Logs accepts.',
        },
      ],
    }).numberValue;
    const logHashKeyParameter = this.declare('log_hash_key_parameter', {
      type: 'string',
      default: '',
      description:
        'Name of the SecureString parameter holding the HMAC key (at least 32 characters) the trigger uses to pseudonymise users in its logs. ' +
        `The operator creates it; the stack only names it, so the key is in neither the function's environment nor Terraform state. "" means ${PARAMETER_ROOT}/<name_prefix>/log-hash-key.`,
      validation: [
        {
          condition: '${var.log_hash_key_parameter == "" || (can(regex("^/[a-zA-Z0-9_./-]{1,1000}$", var.log_hash_key_parameter)) && !can(regex("^/(?i)(aws|ssm)", var.log_hash_key_parameter)))}',
          errorMessage: 'log_hash_key_parameter: "" or a parameter name starting with / (letters, digits, _ . - /), not under /aws or /ssm.',
        },
      ],
    });
    this.logHashKeyParameterExpression = `${logHashKeyParameter.fqn} == "" ? format("${PARAMETER_ROOT}/%s/log-hash-key", var.name_prefix) : ${logHashKeyParameter.fqn}`;
    this.logHashKeyParameter = Token.asString(`\${${this.logHashKeyParameterExpression}}`);
    this.clientKindsParameterExpression = `format("${PARAMETER_ROOT}/%s/app-clients", var.name_prefix)`;
    this.clientKindsParameter = Token.asString(`\${${this.clientKindsParameterExpression}}`);
    const domainPrefix = this.declare('domain_prefix', {
      type: 'string',
      default: props.domainPrefix,
      description: 'Prefix of the managed-login domain (<prefix>.auth.<region>.amazoncognito.com); "" creates none.',
      validation: [
        {
          condition: '${var.domain_prefix == "" || can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix))}',
          errorMessage: 'domain_prefix: lower-case letters, digits and hyphens, not starting or ending with a hyphen.',
        },
        {
          // Cognito refuses prefix domains containing these words (CreateUserPoolDomain fails at apply).
          condition: '${!can(regex("aws|amazon|cognito", var.domain_prefix))}',
          errorMessage: 'domain_prefix must not contain the reserved words aws, amazon or cognito.',
        },
      ],
    });
    this.domainPrefix = domainPrefix.stringValue;
    this.userPoolTier = this.declare('user_pool_tier', {
      type: 'string',
      default: 'ESSENTIALS',
      description:
        'Feature plan of the pool: LITE, ESSENTIALS (the API default, stated so a plan never depends on it) or PLUS. ' +
        'Managed login version 2 (--aws6-features) needs ESSENTIALS or PLUS.',
      validation: [
        {
          condition: '${contains(["LITE", "ESSENTIALS", "PLUS"], var.user_pool_tier)}',
          errorMessage: 'user_pool_tier: LITE, ESSENTIALS or PLUS.',
        },
      ],
    }).stringValue;
    // Written out because cdktf's Op.eq renders "" and 0 as `undefined`.
    this.domainCount = Token.asNumber(`\${${domainPrefix.fqn} == "" ? 0 : 1}`);

    const sesSourceArn = this.declare('ses_source_arn', {
      type: 'string',
      default: props.sesSourceArn,
      description:
        'ARN of a verified Amazon SES identity Cognito sends its emails (verification codes, invitations, recovery) from; "" uses ' +
        `Cognito's own sender, limited to ${DEFAULT_SENDER_EMAILS_PER_DAY} emails a day per AWS account. The identity's sending policy must allow cognito-idp.amazonaws.com.`,
      validation: [
        {
          condition: '${var.ses_source_arn == "" || can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", var.ses_source_arn))}',
          errorMessage: 'ses_source_arn: "" or the ARN of an SES identity (arn:aws:ses:<region>:<account>:identity/<address or domain>).',
        },
      ],
    });
    const emailFromAddress = this.declare('email_from_address', {
      type: 'string',
      default: props.emailFromAddress,
      description: 'From address of Cognito\'s emails, e.g. "Acme <no-reply@acme.com>"; needs ses_source_arn. "" uses the SES identity\'s address.',
      validation: [
        {
          condition: '${var.email_from_address == "" || can(regex("^[^<>@ ]+@[^<>@ ]+$|^[^<>]*<[^<>@ ]+@[^<>@ ]+>$", var.email_from_address))}',
          errorMessage: 'email_from_address: "" or an address, optionally with a display name: Name <address>.',
        },
      ],
    });
    const ses = sesSourceArn.fqn;
    const from = emailFromAddress.fqn;
    this.email = {
      sendingAccount: Token.asString(`\${${ses} == "" ? "COGNITO_DEFAULT" : "DEVELOPER"}`),
      sourceArn: Token.asString(`\${${ses} == "" ? null : ${ses}}`),
      fromAddress: Token.asString(`\${${from} == "" ? null : ${from}}`),
      consistent: `\${${from} == "" || ${ses} != ""}`,
    };

    for (const client of props.clientNames) {
      const callbacks = `${client}_callback_urls`;
      this.callbackUrls.set(
        client,
        this.declare(callbacks, {
          type: 'list(string)',
          description: `OAuth redirect URLs of the ${client} app client.`,
          validation: [
            {
              // Cognito accepts HTTPS redirect URLs, and plain HTTP only for localhost.
              condition: `\${length(var.${callbacks}) > 0 && alltrue([for url in var.${callbacks} : can(regex("^(https://|http://localhost([:/]|$))", url))])}`,
              errorMessage: `${callbacks}: at least one URL, each https:// (or http://localhost).`,
            },
          ],
        }).listValue,
      );
      const logouts = `${client}_logout_urls`;
      this.logoutUrls.set(
        client,
        this.declare(logouts, {
          type: 'list(string)',
          default: [],
          description: `Sign-out redirect URLs of the ${client} app client.`,
        }).listValue,
      );
    }
  }

  callbackUrlsOf(client: string): string[] {
    return required(this.callbackUrls.get(client), `no callback URL variable for app client '${client}'`);
  }

  logoutUrlsOf(client: string): string[] {
    return required(this.logoutUrls.get(client), `no logout URL variable for app client '${client}'`);
  }

  /**
   * A sensitive string variable named by a policy: one provider's secret. Never shared: Cognito sends
   * a client secret to its provider's endpoint, which that provider's policy chooses, so a second
   * provider naming the variable would receive the first one's secret (the validator's
   * cross.secret-shared; asserted here for compiled sets that did not come through it).
   */
  secret(name: string, usedBy: string): string {
    const existing = this.secrets.get(name);
    if (existing !== undefined) {
      if (existing.usedBy === usedBy) return existing.value;
      throw new Error(`${usedBy}: secret variable '${name}' already holds the secret of ${existing.usedBy}; a secret belongs to one provider`);
    }
    if (this.reserved.has(name)) {
      throw new Error(`${usedBy}: secret variable '${name}' clashes with a variable the stack declares; choose another name`);
    }
    const value = this.declare(name, {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Secret of ${usedBy}.`,
    }).stringValue;
    this.secrets.set(name, { value, usedBy });
    return value;
  }

  /**
   * A non-secret connection value named by a policy (`{ terraform_variable: <name> }` for a SAML
   * metadata URL, an OIDC issuer or client id): what differs per environment, or comes from
   * another resource of the same apply. One provider's, like a secret, so two providers never
   * silently share an endpoint; `https` adds a validation that the value is an https:// URL.
   */
  connectionValue(name: string, usedBy: string, what: string, https: boolean): string {
    const existing = this.values.get(name);
    if (existing !== undefined) {
      if (existing.usedBy === usedBy) return existing.value;
      throw new Error(`${usedBy}: variable '${name}' already holds a value of ${existing.usedBy}; choose another name`);
    }
    if (this.reserved.has(name)) {
      throw new Error(`${usedBy}: variable '${name}' clashes with a variable the stack declares; choose another name`);
    }
    const value = this.declare(name, {
      type: 'string',
      nullable: false,
      description: `${what} of ${usedBy}.`,
      ...(https
        ? { validation: [{ condition: `\${can(regex("^https://[^\\\\s]+$", var.${name}))}`, errorMessage: `${name}: an https:// URL.` }] }
        : { validation: [{ condition: `\${length(var.${name}) > 0}`, errorMessage: `${name}: must not be empty.` }] }),
    }).stringValue;
    this.values.set(name, { value, usedBy });
    return value;
  }

  private declare(name: string, config: ConstructorParameters<typeof TerraformVariable>[2]): TerraformVariable {
    const variable = new TerraformVariable(this, name, config);
    variable.overrideLogicalId(name);
    this.reserved.add(name);
    return variable;
  }
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}
