import { Construct } from 'constructs';
import { ATTRIBUTE_VALUE_MAX, CUSTOM_ATTRIBUTE_NAME_MAX } from '../policy/cognito-limits';
import type { PoolBlueprint } from '../policy/pool-blueprint';
import { readableAddressMovedFromHashed } from './addresses';
import { CognitoUserPool, type CognitoUserPoolSchema } from './cdktf';

/** Password rules for native users. Defaults: 12 characters, every character class, 7-day temporary passwords. */
export interface PasswordPolicyOptions {
  /** Minimum length (8-99). Default 12. */
  readonly minimumLength?: number;
  /** Require a lower-case letter. Default true. */
  readonly requireLowercase?: boolean;
  /** Require an upper-case letter. Default true. */
  readonly requireUppercase?: boolean;
  /** Require a digit. Default true. */
  readonly requireNumbers?: boolean;
  /** Require a symbol. Default true. */
  readonly requireSymbols?: boolean;
  /** Days an administrator-set temporary password stays valid. Default 7. */
  readonly temporaryPasswordValidityDays?: number;
}

/** Multi-factor authentication for native sign-in. Default: OPTIONAL with authenticator apps (TOTP). */
export interface MfaOptions {
  /** OFF, OPTIONAL or ON. Default OPTIONAL: users may enrol; ON would force federated users' apps to handle MFA too. */
  readonly mode?: 'OFF' | 'OPTIONAL' | 'ON';
  /** Allow authenticator-app (TOTP) codes. Default true. Must be true unless mode is OFF (no SMS or email MFA is configured). */
  readonly softwareToken?: boolean;
}

/** Pool-level options a platform team may change. */
export interface UserPoolOptions {
  /**
   * Pool name. Default `${var.name_prefix}-users`. Changing it after creation replaces the pool with
   * hashicorp/aws < 6.6 (refused by prevent_destroy) and updates it in place from 6.6.0.
   */
  readonly name?: string;
  /** Native password rules. */
  readonly passwordPolicy?: PasswordPolicyOptions;
  /** MFA settings. */
  readonly mfa?: MfaOptions;
  /**
   * ACTIVE (default) makes Cognito refuse DeleteUserPool. Set INACTIVE only to retire a pool on
   * purpose, together with removing prevent_destroy.
   */
  readonly deletionProtection?: 'ACTIVE' | 'INACTIVE';
  /**
   * Let users sign up themselves (the trigger still refuses tenants that block password sign-up).
   * Default: the blueprint's allow_self_sign_up (true). The twin builds its pools from the blueprint,
   * so an override here is a difference between the deployed pool and the one tests run on.
   */
  readonly allowSelfSignUp?: boolean;
  /**
   * Custom attributes (full names, e.g. `custom:legacy_sub`) to keep although no policy maps them
   * any more: Cognito can add custom attributes but never remove one, so once created it must stay.
   */
  readonly retainedCustomAttributes?: readonly string[];
}

export interface LinkPolicyPoolProps extends UserPoolOptions {
  readonly defaultName: string;
  /** Sign-in settings and custom attributes: the pool the twin builds too. */
  readonly blueprint: PoolBlueprint;
  /** Expressions over the `ses_source_arn` / `email_from_address` variables (StackVariables.email). */
  readonly email: {
    readonly sendingAccount: string;
    readonly sourceArn: string;
    readonly fromAddress: string;
    readonly consistent: string;
  };
  /** The trigger's ARN: attached to pre sign-up and pre authentication. */
  readonly triggerArn: string;
  /** The `user_pool_tier` variable. */
  readonly tier: string;
  /** Lift prevent_destroy (LinkPolicyUserPoolProps.allowDestroy). */
  readonly allowDestroy: boolean;
  readonly tags: Record<string, string>;
}

/**
 * The user pool, its sign-in settings rendered from the blueprint (policy/pool-blueprint.ts) the
 * twin also builds from. Its safety rails are not options: usernames compare case-insensitively
 * (fixed for the pool's life; the provider replaces the pool if it changes, and prevent_destroy
 * makes the plan fail instead), and every custom attribute is mutable (Cognito rewrites mapped
 * attributes at each sign-in, and AdminLinkProviderForUser fails on a destination with an
 * immutable one).
 */
export class LinkPolicyPool extends Construct {
  readonly pool: CognitoUserPool;

  constructor(scope: Construct, id: string, props: LinkPolicyPoolProps) {
    super(scope, id);
    const password = props.passwordPolicy ?? {};
    const mfaMode = props.mfa?.mode ?? 'OPTIONAL';
    const softwareToken = props.mfa?.softwareToken ?? true;
    if (mfaMode !== 'OFF' && !softwareToken) {
      throw new Error('mfa: with mode OPTIONAL or ON, softwareToken must stay enabled (the stack configures no SMS or email MFA)');
    }

    const blueprint = props.blueprint;
    this.pool = new CognitoUserPool(this, 'pool', {
      name: props.name ?? props.defaultName,
      deletionProtection: props.deletionProtection ?? (props.allowDestroy ? 'INACTIVE' : 'ACTIVE'),
      userPoolTier: props.tier,
      usernameConfiguration: { caseSensitive: blueprint.username.case_sensitive },
      aliasAttributes: [...blueprint.username.alias_attributes],
      autoVerifiedAttributes: [...blueprint.auto_verified_attributes],
      userAttributeUpdateSettings: {
        attributesRequireVerificationBeforeUpdate: [...blueprint.attributes_require_verification_before_update],
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !(props.allowSelfSignUp ?? blueprint.allow_self_sign_up) },
      passwordPolicy: {
        minimumLength: password.minimumLength ?? 12,
        requireLowercase: password.requireLowercase ?? true,
        requireUppercase: password.requireUppercase ?? true,
        requireNumbers: password.requireNumbers ?? true,
        requireSymbols: password.requireSymbols ?? true,
        temporaryPasswordValidityDays: password.temporaryPasswordValidityDays ?? 7,
      },
      mfaConfiguration: mfaMode,
      ...(mfaMode === 'OFF' ? {} : { softwareTokenMfaConfiguration: { enabled: softwareToken } }),
      schema: [...new Set([...blueprint.custom_attributes, ...(props.retainedCustomAttributes ?? [])])]
        .sort()
        .map(customAttribute),
      // Cognito's own sender by default (50 emails a day per AWS account); an SES identity once
      // ses_source_arn is set. Verification codes and recovery depend on these emails.
      emailConfiguration: {
        emailSendingAccount: props.email.sendingAccount,
        sourceArn: props.email.sourceArn,
        fromEmailAddress: props.email.fromAddress,
      },
      lambdaConfig: { preSignUp: props.triggerArn, preAuthentication: props.triggerArn },
      tags: props.tags,
      lifecycle: {
        preventDestroy: !props.allowDestroy,
        precondition: [
          {
            condition: props.email.consistent,
            errorMessage: 'email_from_address needs ses_source_arn: Cognito\'s own sender always sends from no-reply@verificationemail.com.',
          },
        ],
      },
    });
    readableAddressMovedFromHashed(this.pool, 'pool');
  }
}

function customAttribute(fullName: string): CognitoUserPoolSchema {
  const name = fullName.replace(/^custom:/, '');
  if (name.length === 0 || name.length > CUSTOM_ATTRIBUTE_NAME_MAX) {
    throw new Error(`custom attribute ${fullName}: Cognito allows 1-${CUSTOM_ATTRIBUTE_NAME_MAX} characters after "custom:"`);
  }
  return {
    name,
    attributeDataType: 'String',
    mutable: true,
    developerOnlyAttribute: false,
    required: false,
    // Required by the AWS provider "to prevent recreation" of the pool (aws_cognito_user_pool docs, schema note).
    stringAttributeConstraints: { minLength: '0', maxLength: String(ATTRIBUTE_VALUE_MAX) },
  };
}
