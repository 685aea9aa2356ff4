// PreSignUp_SignUp (password self sign-up) and PreSignUp_AdminCreateUser: the email's domain
// names the tenant; that tenant's native_login decides. Unknown domains and users without an
// email are allowed (nothing to enforce); exempt users are allowed.
import { proceed, refuse, type Decision } from './decision';
import { normaliseEmail } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent } from './event';
import { isExempt, type PolicyIndex } from './policy-index';
import { ssoRequired } from './refusal';

export interface SignUpFacts {
  readonly tenant?: string;
  readonly emailDomain?: string;
}

export function decideSignUp(
  index: PolicyIndex,
  event: TriggerEvent,
  kind: 'sign_up' | 'admin_create',
): { readonly decision: Decision; readonly facts: SignUpFacts } {
  const allowed = kind === 'sign_up' ? 'sign_up_allowed' : 'admin_create_allowed';
  const email = normaliseEmail(attribute(userAttributes(event), 'email'));
  if (!email.ok) return { decision: proceed(allowed), facts: {} };
  const tenant = index.domains.get(email.domain);
  if (!tenant) return { decision: proceed(allowed), facts: { emailDomain: email.domain } };
  const facts = { tenant: tenant.id, emailDomain: email.domain };
  const rule = kind === 'sign_up' ? tenant.native_login.password_sign_up : tenant.native_login.admin_create_user;
  if (rule === 'allow') return { decision: proceed(allowed), facts };
  if (isExempt(index, tenant, stringField(event.userName), email.address)) return { decision: proceed('exempt'), facts };
  return { decision: refuse(kind === 'sign_up' ? 'sign_up_blocked' : 'admin_create_blocked', ssoRequired(tenant)), facts };
}
