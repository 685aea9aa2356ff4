// PreSignUp_SignUp (password self sign-up) and PreSignUp_AdminCreateUser.
//
// 1. A username that starts with a configured provider's name and '_' is refused (username_reserved):
//    `<provider>_<subject>` is the name Cognito gives federated users, and a native user holding it
//    would squat that identity's name space (twin/README.md: a later federated sign-in for it fails).
// 2. Self sign-up of a username on any tenant's exempt (break-glass) list is refused
//    (exempt_username_reserved): otherwise anyone could claim the name before the operators create
//    the account, and own a username the policy exempts from SSO.
// 3. The email's domain, read leniently (email.ts enforcementDomain; subdomains count), names the
//    tenant; that tenant's native_login decides. Unknown domains and users without an email are
//    allowed (nothing to enforce). Exemptions apply to AdminCreateUser only, the operators' way to
//    create a break-glass account: a self sign-up is never exempt (its email is not verified yet,
//    and the policy exempts accounts, not whoever types an address). Every password sign-in checks
//    the exemption again (native-login.ts).
import { asciiLowerCase } from './ascii-case';
import { proceed, refuse, type Decision } from './decision';
import { enforcementDomain, normaliseEmail } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent } from './event';
import { exemption, tenantForDomain, type PolicyIndex } from './policy-index';
import { resolveProvider, type ProviderResolution } from './provider-resolution';
import { ssoRequired, usernameReserved } from './refusal';
import type { Trace } from './trace';

export interface SignUpFacts {
  readonly tenant?: string;
  readonly provider?: string;
  readonly emailDomain?: string;
}

export function decideSignUp(
  index: PolicyIndex,
  event: TriggerEvent,
  kind: 'sign_up' | 'admin_create',
  trace?: Trace,
): { readonly decision: Decision; readonly facts: SignUpFacts } {
  const userName = stringField(event.userName);
  const reserved = reservedBy(index, userName);
  if (reserved.kind === 'known') {
    const { provider, tenant } = reserved;
    trace?.add(
      'username',
      'fail',
      `the username starts with '${provider.name}_' (any case), the name Cognito gives ${provider.name}'s federated users (tenant ${tenant.id}): refused with USERNAME_RESERVED`,
    );
    return { decision: refuse('username_reserved', usernameReserved()), facts: { tenant: tenant.id, provider: provider.name } };
  }

  if (kind === 'sign_up') {
    const owner = exemptUsernameOwner(index, userName);
    if (owner) {
      trace?.add('native_login.exempt', 'fail', `the username is on tenant ${owner.id}'s exempt list: only AdminCreateUser may create it; refused with USERNAME_RESERVED`);
      return { decision: refuse('exempt_username_reserved', usernameReserved()), facts: { tenant: owner.id } };
    }
  }

  const allowed = kind === 'sign_up' ? 'sign_up_allowed' : 'admin_create_allowed';
  const rawEmail = attribute(userAttributes(event), 'email');
  const domain = enforcementDomain(rawEmail);
  if (domain === undefined) {
    trace?.add('tenant.domains', 'info', `no usable email (${rawEmail === undefined || rawEmail.trim() === '' ? 'none given' : 'no readable domain'}): no tenant rule applies`);
    return { decision: proceed(allowed), facts: {} };
  }
  const owner = tenantForDomain(index, domain);
  if (!owner) {
    trace?.add('tenant.domains', 'info', `no tenant owns the email's domain ${domain} or a parent of it: no tenant rule applies`);
    return { decision: proceed(allowed), facts: { emailDomain: domain } };
  }
  const { tenant } = owner;
  trace?.add('tenant.domains', 'info', `the email's domain ${domain} ${owner.owned === domain ? 'belongs' : `is under ${owner.owned}, which belongs`} to tenant ${tenant.id}`);
  const facts = { tenant: tenant.id, emailDomain: domain };
  const ruleName = kind === 'sign_up' ? 'native_login.password_sign_up' : 'native_login.admin_create_user';
  const rule = kind === 'sign_up' ? tenant.native_login.password_sign_up : tenant.native_login.admin_create_user;
  if (rule === 'allow') {
    trace?.add(ruleName, 'pass', `allow: tenant ${tenant.id} allows it`);
    return { decision: proceed(allowed), facts };
  }
  const email = normaliseEmail(rawEmail);
  const exempt = kind === 'admin_create' ? exemption(index, tenant, userName, email.ok ? email.address : undefined) : undefined;
  if (exempt) {
    trace?.add('native_login.exempt', 'pass', `block, but the ${exempt} is on tenant ${tenant.id}'s exempt list`);
    return { decision: proceed('exempt'), facts };
  }
  if (kind === 'sign_up' && exemption(index, tenant, '', email.ok ? email.address : undefined) === 'email') {
    trace?.add('native_login.exempt', 'info', `the email is on tenant ${tenant.id}'s exempt list, but a self sign-up is never exempt: the operators create break-glass accounts with AdminCreateUser`);
  }
  trace?.add(ruleName, 'fail', `block: tenant ${tenant.id} requires SSO; refused with SSO_REQUIRED(${tenant.native_login.sso_provider})`);
  return { decision: refuse(kind === 'sign_up' ? 'sign_up_blocked' : 'admin_create_blocked', ssoRequired(tenant)), facts };
}

/** The tenant exempting this username, compared like reservedBy: A-Z folding, then full lower-casing. */
function exemptUsernameOwner(index: PolicyIndex, userName: string) {
  if (userName === '') return undefined;
  return index.exemptUsernameOwner(asciiLowerCase(userName)) ?? index.exemptUsernameOwner(asciiLowerCase(userName.toLowerCase()));
}

/**
 * The provider whose name space the username is in. Refusing is the safe side here, so besides the
 * A-Z folding used everywhere, full Unicode lower-casing is tried too: how Cognito folds usernames
 * in case-insensitive pools beyond ASCII is not documented (a KELVIN SIGN in `GlobexO\u212Ata_…`).
 */
function reservedBy(index: PolicyIndex, userName: string): ProviderResolution {
  const folded = resolveProvider(index, userName);
  return folded.kind === 'known' ? folded : resolveProvider(index, userName.toLowerCase());
}
