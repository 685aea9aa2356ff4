// The BASELINE: a linking and SSO-enforcement trigger written the way the public samples write it
// (docs/peers.md, "Cognito OSS triggers"), measured in the same harness as ours. Deliberately in that
// style: the SDK imported at the top (loaded at every cold start), a new client for every call,
// AdminGetUser on every pre authentication, Array.find over the tenants on every invocation, the
// first ListUsers hit taken as the match. It implements the same happy paths as our trigger so the
// figures compare like with like; it is NOT a correctness reference (it would, for example, block a
// linked user's SSO sign-in in pre authentication, and it links without checking verification).
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { BaselineTenant } from './tenants';

declare const BASELINE_TENANTS: readonly BaselineTenant[];

interface CognitoEvent {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  request: { userAttributes: Record<string, string> };
}

const TENANTS = BASELINE_TENANTS;

export const handler = async (event: CognitoEvent): Promise<CognitoEvent> => {
  console.log(`link-policy baseline: ${event.triggerSource}`);
  switch (event.triggerSource) {
    case 'PreSignUp_ExternalProvider':
      return linkFederatedUser(event);
    case 'PreSignUp_SignUp':
    case 'PreSignUp_AdminCreateUser':
      return checkSignUp(event);
    case 'PreAuthentication_Authentication':
      return checkPasswordSignIn(event);
    default:
      return event;
  }
};

function domainOf(email: string | undefined): string | undefined {
  return email?.split('@')[1]?.toLowerCase();
}

async function linkFederatedUser(event: CognitoEvent): Promise<CognitoEvent> {
  const [prefix = '', ...rest] = event.userName.split('_');
  const tenant = TENANTS.find((t) => t.providers.some((p) => p.name.toLowerCase() === prefix.toLowerCase()));
  if (!tenant || !tenant.linkingEnabled) return event;
  const provider = tenant.providers.find((p) => p.name.toLowerCase() === prefix.toLowerCase())!;
  const email = event.request.userAttributes.email;
  const domain = domainOf(email);
  if (!email || !domain || !tenant.domains.includes(domain)) return event;
  const subject = (provider.subjectAttribute && event.request.userAttributes[provider.subjectAttribute]) || rest.join('_');

  const { Users = [] } = await new CognitoIdentityProviderClient({}).send(
    new ListUsersCommand({ UserPoolId: event.userPoolId, Filter: `email = "${email}"` }),
  );
  const existing = Users.find((user) => user.UserStatus !== 'EXTERNAL_PROVIDER');
  if (!existing?.Username) return event;
  await new CognitoIdentityProviderClient({}).send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: event.userPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: existing.Username },
      SourceUser: { ProviderName: provider.name, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subject },
    }),
  );
  return event;
}

function checkSignUp(event: CognitoEvent): CognitoEvent {
  const domain = domainOf(event.request.userAttributes.email);
  const tenant = TENANTS.find((t) => domain !== undefined && t.domains.includes(domain));
  if (!tenant || tenant.exemptUsernames.includes(event.userName.toLowerCase())) return event;
  const rule = event.triggerSource === 'PreSignUp_SignUp' ? tenant.passwordSignUp : tenant.adminCreateUser;
  if (rule === 'block') throw new Error(`SSO_REQUIRED(${tenant.ssoProvider}): ${tenant.ssoMessage}`);
  return event;
}

async function checkPasswordSignIn(event: CognitoEvent): Promise<CognitoEvent> {
  const user = await new CognitoIdentityProviderClient({}).send(
    new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }),
  );
  const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
  if (user.UserStatus === 'EXTERNAL_PROVIDER') return event;
  const domain = domainOf(attributes.email);
  const tenant = TENANTS.find((t) => domain !== undefined && t.domains.includes(domain));
  if (!tenant || tenant.passwordSignIn === 'allow' || tenant.exemptUsernames.includes(event.userName.toLowerCase())) return event;
  const identities: { providerName: string }[] = attributes.identities ? JSON.parse(attributes.identities) : [];
  const linked = identities.some((identity) => tenant.providers.some((p) => p.name === identity.providerName));
  if (tenant.passwordSignIn === 'block_tenant_domains' || linked) {
    throw new Error(`SSO_REQUIRED(${tenant.ssoProvider}): ${tenant.ssoMessage}`);
  }
  return event;
}
