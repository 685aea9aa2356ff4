// The scenario file format (policies/schema/policy-tests.schema.json is its source of truth; these
// types mirror it for the runner). Field names keep the YAML's snake_case.
import type { FaultKind, TwinSwitches } from '../../twin';

export interface ScenarioFile {
  readonly tenant?: string;
  readonly scenarios: readonly Scenario[];
}

export interface Scenario {
  readonly name: string;
  readonly users?: readonly ScenarioUser[];
  readonly unmanaged_providers?: readonly UnmanagedProvider[];
  readonly switches?: Partial<TwinSwitches>;
  readonly steps: readonly Step[];
}

export interface ScenarioUser {
  readonly username: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly phone_number?: string;
  readonly phone_number_verified?: boolean;
  readonly status?: 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
  readonly enabled?: boolean;
  readonly password?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly linked_identities?: readonly { readonly provider: string; readonly subject: string }[];
  /** A federated user (EXTERNAL_PROVIDER) this identity's first sign-in created; username is its <provider>_<subject> name. */
  readonly federated_identity?: { readonly provider: string; readonly subject: string };
}

export interface UnmanagedProvider {
  readonly name: string;
  readonly type: 'SAML' | 'OIDC' | 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple';
  readonly attribute_mapping: Readonly<Record<string, string>>;
}

export interface FederatedSignInAction {
  readonly provider: string;
  readonly subject: string;
  readonly attributes?: Readonly<Record<string, string | boolean | null>>;
  readonly claims?: Readonly<Record<string, string | boolean | number>>;
  readonly client?: string;
}

export interface PasswordSignInAction {
  readonly username: string;
  readonly password?: string;
  readonly client?: string;
}

export interface SignUpAction {
  readonly username: string;
  readonly email?: string;
  readonly password?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly client?: string;
}

export interface AdminCreateUserAction {
  readonly username: string;
  readonly email?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface StepFault {
  readonly operation: 'ListUsers' | 'AdminLinkProviderForUser' | 'AdminGetUser' | 'DescribeUserPoolClient' | '*';
  readonly kind: FaultKind;
  readonly times?: number;
  readonly latency_ms?: number;
}

export type Outcome = 'signed_in' | 'created' | 'signed_up' | 'refused' | 'failed';
export type RefusalCode = 'SSO_REQUIRED' | 'ACCOUNT_LINKED' | 'LINK_DENIED' | 'TRY_AGAIN' | 'USERNAME_RESERVED';

export interface Expectation {
  readonly outcome: Outcome;
  readonly user?: string;
  readonly code?: RefusalCode;
  readonly provider?: string;
  readonly reason?: string;
}

export interface Step {
  readonly note?: string;
  readonly federated_sign_in?: FederatedSignInAction;
  readonly password_sign_in?: PasswordSignInAction;
  readonly sign_up?: SignUpAction;
  readonly admin_create_user?: AdminCreateUserAction;
  readonly faults?: readonly StepFault[];
  readonly expect: Expectation;
}

export const STEP_KINDS = ['federated_sign_in', 'password_sign_in', 'sign_up', 'admin_create_user'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Which outcomes each kind of step can have. */
export const OUTCOMES_BY_KIND: Readonly<Record<StepKind, readonly Outcome[]>> = {
  federated_sign_in: ['signed_in', 'created', 'refused', 'failed'],
  password_sign_in: ['signed_in', 'refused', 'failed'],
  sign_up: ['signed_up', 'refused', 'failed'],
  admin_create_user: ['created', 'refused', 'failed'],
};

export function stepKind(step: Step): StepKind {
  const kind = STEP_KINDS.find((candidate) => step[candidate] !== undefined);
  if (!kind) throw new Error('a step without an action passed the schema');
  return kind;
}
