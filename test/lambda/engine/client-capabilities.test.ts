import { clientCapabilities } from '../../../lambda/engine/client-capabilities';

describe('app client capabilities (docs/cognito-facts.md §12; UserPoolClientType ExplicitAuthFlows doc)', () => {
  it('an SSO client: IdPs only, refresh only -> cannot do a password sign-in', () => {
    expect(clientCapabilities(['AcmeEntraID', 'GlobexOkta'], ['ALLOW_REFRESH_TOKEN_AUTH'])).toEqual({ password: false, federated: true });
  });

  it('a password client: COGNITO and SRP', () => {
    expect(clientCapabilities(['COGNITO'], ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])).toEqual({ password: true, federated: false });
  });

  it('password flows count even without COGNITO (removing COGNITO does not stop SDK sign-in)', () => {
    for (const flow of ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'SOME_FUTURE_FLOW']) {
      expect(clientCapabilities(['AcmeEntraID'], [flow, 'ALLOW_REFRESH_TOKEN_AUTH'])).toEqual({ password: true, federated: true });
    }
  });

  it('no ExplicitAuthFlows means Cognito\'s defaults, which include SRP and custom auth', () => {
    expect(clientCapabilities(['AcmeEntraID'], undefined).password).toBe(true);
    expect(clientCapabilities(['AcmeEntraID'], []).password).toBe(true);
    expect(clientCapabilities(undefined, ['ALLOW_REFRESH_TOKEN_AUTH'])).toEqual({ password: false, federated: false });
  });
});
