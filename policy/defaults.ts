// Values the compiler fills in where a policy leaves a field out. The schemas carry the same values
// as `default` (editors and the reference document show them); test/policy/defaults.test.ts keeps
// the two equal.
import type { LinkableStatus } from './compiled';

export const POLICY_DEFAULTS = {
  match: { attribute: 'email', case: 'insensitive' },
  existing_user: { require_verified: true, statuses: ['CONFIRMED', 'FORCE_CHANGE_PASSWORD'] as readonly LinkableStatus[] },
  on_no_match: 'create_user',
  on_multiple_matches: 'deny',
  after_link: 'continue',
  on_cognito_unavailable: 'fail_closed',
  password_sign_up: 'allow',
  admin_create_user: 'allow',
} as const;

export const POOL_DEFAULTS = {
  unknown_provider: {
    action: 'allow',
    message: 'This sign-in method is not available here. Please sign in another way.',
  },
  password_flows: ['srp'] as const,
  generate_secret: false,
  user_writable_attributes: [
    'address', 'birthdate', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname', 'picture', 'profile', 'updated_at', 'website', 'zoneinfo',
  ] as const,
} as const;
