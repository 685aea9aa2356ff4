// PreSignUp_SignUp (password self sign-up) and PreSignUp_AdminCreateUser: the email's domain
// names the tenant; that tenant's native_login decides. Unknown domains and users without an
// email are allowed (nothing to enforce); exempt users are allowed.
import { proceed, refuse, type Decision } from './decision';
import { normaliseEmail } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent } from './event';
import { isExempt, type PolicyIndex } from './policy-index';
import { ssoRequired } from './refusal';
import type { Trace } from './trace';

export interface SignUpFacts {
  readonly tenant?: string;
  readonly emailDomain?: string;
}

export function decideSignUp(
  index: PolicyIndex,
  event: TriggerEvent,
  kind: 'sign_up' | 'admin_create',
  trace?: Trace,
): { readonly decision: Decision; readonly facts: SignUpFacts } {
  const allowed = kind === 'sign_up' ? 'sign_up_allowed' : 'admin_create_allowed';
  const email = normaliseEmail(attribute(userAttributes(event), 'email'));
  if (!email.ok) {
    trace?.add('tenant.domains', 'info', `no usable email (${email.reason === 'email_missing' ? 'none given' : 'malformed'}): no tenant rule applies`);
    return { decision: proceed(allowed), facts: {} };
  }
  const tenant = index.domains.get(email.domain);
  if (!tenant) {
    trace?.add('tenant.domains', 'info', `no tenant owns the email's domain ${email.domain}: no tenant rule applies`);
    return { decision: proceed(allowed), facts: { emailDomain: email.domain } };
  }
  trace?.add('tenant.domains', 'info', `the email's domain ${email.domain} belongs to tenant ${tenant.id}`);
  const facts = { tenant: tenant.id, emailDomain: email.domain };
  const ruleName = kind === 'sign_up' ? 'native_login.password_sign_up' : 'native_login.admin_create_user';
  const rule = kind === 'sign_up' ? tenant.native_login.password_sign_up : tenant.native_login.admin_create_user;
  if (rule === 'allow') {
    trace?.add(ruleName, 'pass', `allow: tenant ${tenant.id} allows it`);
    return { decision: proceed(allowed), facts };
  }
  if (isExempt(index, tenant, stringField(event.userName), email.address)) {
    trace?.add('native_login.exempt', 'pass', `block, but the username or email is on tenant ${tenant.id}'s exempt list`);
    return { decision: proceed('exempt'), facts };
  }
  trace?.add(ruleName, 'fail', `block: tenant ${tenant.id} requires SSO; refused with SSO_REQUIRED(${tenant.native_login.sso_provider})`);
  return { decision: refuse(kind === 'sign_up' ? 'sign_up_blocked' : 'admin_create_blocked', ssoRequired(tenant)), facts };
}
