// `link-policy explain`: a described sign-in or a raw trigger event, on the twin with the built
// trigger; the decision, its reason and meaning, each rule, and what Cognito does next.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as explain from '../../cli/commands/explain';
import { runCommand, spawnCli } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'link-policy-explain-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const ACME_SIGN_IN = ['--tenant', 'acme-corp', '--subject', '7C9E6679-Obj', '--attribute', 'email=Alice@Acme.com'];

describe('link-policy explain: a described sign-in', () => {
  it('a link: decision, reason and meaning, every rule with candidates by name, and what Cognito does next', async () => {
    const users = file('users.yaml', '- { username: alice, email: alice@acme.com }\n- { username: mallory, email: alice@acme.com, status: UNCONFIRMED }\n');
    const result = await runCommand(explain, [...ACME_SIGN_IN, '--users', users]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('link-policy explain: tenant acme-corp (policies/acme-corp.yaml): a federated sign-in through AcmeEntraID on app client web\nswitches: defaults\n');
    expect(out).toContain('decision  continue: the trigger lets Cognito go on\nreason    linked: The federated identity was linked to the one eligible existing user.\n');
    expect(out).toMatch(/\n {2}pass {2}candidate\.eligible +alice: eligible: CONFIRMED, enabled, passes every linking rule\n/);
    expect(out).toMatch(/\n {2}fail {2}candidate\.unconfirmed +mallory: excluded: UNCONFIRMED users are never linked/);
    expect(out).toMatch(/\n {2}pass {2}tenant\.domains +the asserted email's domain acme\.com is one of tenant acme-corp's domains\n/);
    expect(out).toContain('what Cognito does next:\n  1. Cognito ends the sign-in and redirects to the app\'s callback with error=invalid_request and error_description "Already found an entry for username acmeentraid_7c9e6679-obj".');
    expect(out).toContain("  2. The app's client helper (client/handleSignInCallback) restarts the federated sign-in once.\n  3. The identity is linked: Cognito signs the user in to alice.\n");
    expect(out).toMatch(/\noutcome {3}signed_in \(alice\)\n$/);
  }, 30_000);

  it('--switch changes what Cognito does; --format json has the documented shape', async () => {
    const result = await runCommand(explain, [...ACME_SIGN_IN, '--user', 'username=alice,email=alice@acme.com', '--switch', 'firstSignInAfterInFlightLink=succeeds', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      format: 1,
      tenant: 'acme-corp',
      switches: { firstSignInAfterInFlightLink: 'succeeds' },
      decision: { trigger_source: 'PreSignUp_ExternalProvider', action: 'continue', reason: 'linked', refusal: null, tenant: 'acme-corp', provider: 'AcmeEntraID' },
      candidates: [{ user: 'alice', verdict: 'eligible' }],
      cognito: {
        next: ['Cognito signs the user in to alice, to which the identity was linked during this sign-in.'],
        outcome: { outcome: 'signed_in', user: 'alice' },
        attempts: [{ ok: true, via: 'linked_in_flight', user: 'alice', app_action: 'continue' }],
      },
    });
    expect(json.rules.map((rule: { rule: string }) => rule.rule)).toEqual([
      'provider', 'linking.enabled', 'email', 'tenant.domains', 'email_trust', 'subject.source', 'linking.match', 'linking.match', 'candidate.eligible', 'candidate.eligible', 'link', 'linking.after_link',
    ]);
  }, 30_000);

  it('a refusal: a password sign-in of a linked Acme user, and an unverified Okta email', async () => {
    const blocked = await runCommand(explain, ['--tenant', 'acme-corp', '--password-sign-in', 'bob', '--user', 'username=bob,email=bob@acme.com,linked=AcmeEntraID:Bob-Obj']);
    expect(blocked.code).toBe(0);
    expect(blocked.stdout).toContain("decision  refuse: the trigger refuses with SSO_REQUIRED\nreason    native_blocked: A password sign-in by a user whose tenant requires SSO: refused with the tenant's message.\n");
    expect(blocked.stdout).toContain('  1. Cognito answers the app with UserLambdaValidationException: PreAuthentication failed with error SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on.');
    const unverified = await runCommand(explain, ['--tenant', 'globex', '--subject', '00u1Abc', '--attribute', 'email=ivy@globex.example', '--attribute', 'email_verified=false']);
    expect(unverified.stdout).toContain('reason    email_unverified: ');
    expect(unverified.stdout).toMatch(/fail {2}email_trust +email_verified_claim: email_verified is "false", and only "true" counts\n {2}fail {2}linking\.on_no_match +deny: nothing is linked, and the sign-in is refused with LINK_DENIED\n/);
    expect(unverified.stdout).toMatch(/\noutcome {3}refused LINK_DENIED: "Your Globex account is not set up yet\. Ask your Globex administrator for access\."\n$/);
  }, 30_000);

  it('a refused sign-in method: the rule that decided, for a first sign-in and for an account made before the policy', async () => {
    const first = await runCommand(explain, ['--tenant', 'globex', '--provider', 'Google', '--subject', '104882731449000000001', '--attribute', 'email=bob@globex.example', '--attribute', 'email_verified=true']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('reason    method_refused: ');
    expect(first.stdout).toContain('trigger   PreSignUp_ExternalProvider, tenant globex; Cognito calls: none\ndecided   by sign_in_methods.other_providers\n');
    expect(first.stdout).toMatch(/fail {2}sign_in_methods\.other_providers +other_providers refuse: the email's domain globex\.example is tenant globex's, and Google is tenant lumen's provider: refused/);
    expect(first.stdout).toMatch(/\noutcome {3}refused SSO_REQUIRED\(GlobexOkta\): "Globex accounts sign in with Okta\."\n$/);
    const earlier = await runCommand(explain, [
      '--tenant', 'globex', '--provider', 'Google', '--subject', '104882731449000000002', '--attribute', 'email=early@globex.example', '--format', 'json',
      '--user', 'federated=Google:104882731449000000002,email=early@globex.example',
    ]);
    const json = JSON.parse(earlier.stdout) as { decision: { trigger_source: string; reason: string }; deciding_rule: { rule: string; outcome: string } };
    expect(json.decision).toMatchObject({ trigger_source: 'PreAuthentication_Authentication', reason: 'method_refused' });
    expect(json.deciding_rule).toMatchObject({ rule: 'sign_in_methods.other_providers', outcome: 'fail' });
  }, 30_000);

  it('a sign-in for which Cognito invokes no trigger under the chosen switches says so', async () => {
    const result = await runCommand(explain, [
      '--tenant', 'lumen', '--subject', '1048', '--attribute', 'email=carol@gmail.com',
      '--user', 'username=carol,email=carol@gmail.com,linked=Google:1048', '--switch', 'linkedIdentityPreAuth=not_invoked',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('decision  none: Cognito invoked no trigger for this sign-in under these switches\n\nwhat Cognito does next:\n  1. The identity is linked: Cognito signs the user in to carol.\n');
  }, 30_000);

  it('problems with the described sign-in are reported before anything runs', async () => {
    const badUsers = file('bad-users.yaml', '- { username: alice, status: ACTIVE }\n');
    const users = await runCommand(explain, [...ACME_SIGN_IN, '--users', badUsers]);
    expect(users.code).toBe(1);
    expect(users.stderr).toContain(`${badUsers}:1:30 error status must be one of CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED (got 'ACTIVE')`);
    const unmapped = await runCommand(explain, [...ACME_SIGN_IN, '--attribute', 'phone_number=+441234567890']);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toContain('AcmeEntraID does not map phone_number, so the IdP cannot assert it');
    expect((await runCommand(explain, ['--tenant', 'acme-corp'])).code).toBe(2);
    expect((await runCommand(explain, ['--subject', 'x'])).stderr).toContain('--tenant is needed to describe a sign-in');
    expect((await runCommand(explain, [...ACME_SIGN_IN, '--user', 'username=a,enabled=maybe'])).stderr).toContain('--user enabled needs true or false');
  }, 30_000);
});

describe('link-policy explain --event', () => {
  const preAuth = file(
    'pre-auth.json',
    JSON.stringify({
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'us-east-1',
      userPoolId: 'us-east-1_Real',
      userName: 'hugo',
      callerContext: { awsSdkVersion: 'aws-sdk-js-3.0.0', clientId: 'realclientid' },
      request: { userAttributes: { email: 'hugo@globex.example', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, validationData: {} },
      response: {},
    }),
  );

  it('a raw pre authentication event runs on the twin pool through the named client', async () => {
    const password = await runCommand(explain, ['--event', preAuth, '--client', 'password']);
    expect(password.code).toBe(0);
    expect(password.stdout).toContain(`link-policy explain: the event in ${preAuth}`);
    expect(password.stdout).toContain('reason    native_blocked: ');
    // The client's kind comes from the deployment's client-kinds parameter: no Cognito call.
    expect(password.stdout).toContain('trigger   PreAuthentication_Authentication, tenant globex; Cognito calls: none');
    expect(password.stdout).toContain('  1. Cognito refuses the call with UserLambdaValidationException: PreAuthentication failed with error SSO_REQUIRED(GlobexOkta): Globex accounts sign in with Okta.\n');
    const sso = await runCommand(explain, ['--event', preAuth, '--client', 'web']);
    expect(sso.stdout).toContain('reason    federated_sign_in: ');
    expect(sso.stdout).toMatch(/pass {2}app_client +the app client cannot do password sign-in/);
    expect((await runCommand(explain, ['--event', preAuth])).stderr).toContain('a pre authentication event needs --client');
  }, 30_000);

  it('a raw first federated sign-in, spawned as the CLI runs it', async () => {
    const event = file(
      'external.json',
      JSON.stringify({
        version: '1',
        triggerSource: 'PreSignUp_ExternalProvider',
        region: 'us-east-1',
        userPoolId: 'us-east-1_Real',
        userName: 'google_104882731449',
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'realclientid' },
        request: { userAttributes: { email: 'carol@gmail.com', email_verified: 'true' }, validationData: {} },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      }),
    );
    const result = await spawnCli(['explain', '--event', event, '--user', 'username=carol,email=carol@gmail.com']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('reason    linked: ');
    expect(result.stdout).toMatch(/pass {2}subject\.source +the subject is the userName suffix \(subject\.source username_suffix\)/);
    expect(result.stdout).toContain('Cognito goes on with the first sign-in of an identity that is now linked');
    const bad = file('bad.json', '{"no":"trigger"}');
    expect((await runCommand(explain, ['--event', bad])).stderr).toContain('is not a trigger event (an object with a triggerSource)');
  }, 30_000);
});
