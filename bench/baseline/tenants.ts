// The policy as the public samples keep it: a hard-coded array of tenant objects, searched with
// Array.find on every invocation (no index, no parse-once JSON string). Built from the same
// compiled set as our trigger, so both decide over the same tenants.
import type { CompiledPolicySet } from '../../policy/compiled';

export interface BaselineProvider {
  readonly name: string;
  /** Where the sample reads the subject: a mapped attribute, or the userName after the first '_'. */
  readonly subjectAttribute?: string;
}

export interface BaselineTenant {
  readonly id: string;
  readonly domains: readonly string[];
  readonly providers: readonly BaselineProvider[];
  readonly linkingEnabled: boolean;
  readonly passwordSignIn: 'allow' | 'block_linked_users' | 'block_tenant_domains';
  readonly passwordSignUp: 'allow' | 'block';
  readonly adminCreateUser: 'allow' | 'block';
  readonly exemptUsernames: readonly string[];
  readonly ssoProvider: string;
  readonly ssoMessage: string;
}

export function baselineTenants(set: CompiledPolicySet): BaselineTenant[] {
  return Object.values(set.tenants).map((tenant) => ({
    id: tenant.id,
    domains: tenant.domains,
    providers: tenant.providers.map((name) => {
      const provider = set.providers[name.toLowerCase()];
      const subject = provider?.subject;
      return subject?.source === 'attribute' ? { name, subjectAttribute: subject.attribute } : { name };
    }),
    linkingEnabled: tenant.linking.enabled,
    passwordSignIn: tenant.native_login.password_sign_in,
    passwordSignUp: tenant.native_login.password_sign_up,
    adminCreateUser: tenant.native_login.admin_create_user,
    exemptUsernames: tenant.native_login.exempt.usernames,
    ssoProvider: tenant.native_login.sso_provider,
    ssoMessage: tenant.messages.sso_required,
  }));
}
