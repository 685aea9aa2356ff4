// `link-policy unlink` against the twin: dry run, --yes, and every refusal of ambiguous or wrong input.
import { AdminLinkProviderForUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as unlink from '../../cli/commands/unlink';
import { identities, runCommand, seedNative, spawnCli, useOpsTwin } from './helpers';

// Each test drives the CLI against the twin through the real SDK: slower than a unit test on a loaded machine.
jest.setTimeout(20_000);

const ops = useOpsTwin();

describe('link-policy unlink', () => {
  it('dry run shows the exact call and changes nothing; --yes unlinks and confirms', async () => {
    const pool = ops.pool();
    seedNative(pool, 'alice', 'alice@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'AbC-Obj-1' }] });
    const dry = await runCommand(unlink, [...ops.target(pool), '--user', 'alice', '--provider', 'AcmeEntraID']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^user {6}alice \(CONFIRMED\)\nidentity {2}AcmeEntraID AbC-Obj-1, linked \S+\n/);
    expect(dry.stdout).toContain('call      AdminDisableProviderForUser User={ProviderName: AcmeEntraID, ProviderAttributeName: Cognito_Subject, ProviderAttributeValue: AbC-Obj-1}\n');
    expect(dry.stdout).toContain('note      tenant acme-corp blocks passwords of linked users only (block_linked_users): once unlinked, alice can sign in with a password again\n');
    expect(dry.stdout).toContain("relink    the trigger would link it again at its next sign-in (not on tenant acme-corp's linking.do_not_relink): --record it first\n");
    expect(dry.stdout).toMatch(/dry run: nothing changed; add --record first \(see relink above\), then --yes to unlink\n$/);
    expect(identities(pool, 'alice')).toEqual(['AcmeEntraID:AbC-Obj-1']);
    expect(ops.twin.requests.operations({ poolId: pool.id })).toEqual(['AdminGetUser']);

    // Without the identity on the do-not-relink list, the trigger would link it straight back: refused.
    const refused = await runCommand(unlink, [...ops.target(pool), '--user', 'alice', '--provider', 'AcmeEntraID', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused: the trigger would link this identity again at its next sign-in');
    expect(identities(pool, 'alice')).toEqual(['AcmeEntraID:AbC-Obj-1']);

    const done = await runCommand(unlink, [...ops.target(pool), '--user', 'alice@acme.com', '--provider', 'acmeentraid', '--yes', '--allow-relink']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/unlinked: alice no longer holds the AcmeEntraID identity, and its sessions are ended \(AdminUserGlobalSignOut\); its next sign-in through AcmeEntraID is a first sign-in again \(--allow-relink\)\n$/);
    expect(identities(pool, 'alice')).toEqual([]);
    expect(pool.user('alice')).toMatchObject({ status: 'CONFIRMED', enabled: true });
    expect(ops.twin.requests.operations({ poolId: pool.id }).slice(-3)).toEqual(['AdminDisableProviderForUser', 'AdminGetUser', 'AdminUserGlobalSignOut']);
  });

  it('refuses ambiguous or wrong input, and never touches a federated user', async () => {
    const pool = ops.pool();
    seedNative(pool, 'bob', 'bob@globex.example', { linked: [{ provider: 'GlobexOkta', subject: '00uBob1' }, { provider: 'GlobexOkta', subject: '00uBob2' }] });
    seedNative(pool, 'twin1', 'shared@gmail.com', { verified: false });
    seedNative(pool, 'twin2', 'shared@gmail.com', { verified: false });
    pool.seedUser({ federatedIdentity: { provider: 'GlobexOkta', subject: '00uFed' }, status: 'EXTERNAL_PROVIDER', attributes: { email: 'fed@globex.example' } });
    const refusal = async (...argv: string[]) => {
      const result = await runCommand(unlink, [...ops.target(pool), ...argv, '--yes']);
      expect(result.code).toBe(1);
      return result.stderr.replace(/^link-policy unlink: /, '').trim();
    };
    expect(await refusal('--user', 'bob', '--provider', 'GlobexOkta')).toBe('bob holds 2 GlobexOkta identities (00uBob1, 00uBob2): choose one with --subject');
    expect(await refusal('--user', 'bob', '--provider', 'GlobexOkta', '--subject', '00ubob1')).toBe("no GlobexOkta identity with subject '00ubob1'; subjects are case-sensitive: did you mean '00uBob1'?");
    expect(await refusal('--user', 'bob', '--provider', 'Google')).toBe('bob holds no Google identity (it holds: GlobexOkta)');
    expect(await refusal('--user', 'shared@gmail.com', '--provider', 'Google')).toBe('2 users hold that email (twin1, twin2): name the user with --user USERNAME');
    expect(await refusal('--user', 'nobody', '--provider', 'Google')).toBe("no user 'nobody'");
    expect(await refusal('--user', 'globexokta_00ufed', '--provider', 'GlobexOkta')).toMatch(/^globexokta_00ufed is a federated user created by its own GlobexOkta sign-in: that identity is not a link.*this command never deletes users\.$/);
    expect(identities(pool, 'bob')).toEqual(['GlobexOkta:00uBob1', 'GlobexOkta:00uBob2']);
    expect(pool.usernames).toHaveLength(4);
    expect(ops.twin.requests.operations({ poolId: pool.id })).not.toContain('AdminDisableProviderForUser');

    const usage = await runCommand(unlink, [...ops.target(pool), '--user', 'bob', '--provider', 'Cognito']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--provider Cognito would disable the user's password sign-in, not remove a link");
  });

  it('warns that the password works again only when no other identity of a block_linked_users tenant remains', async () => {
    const pool = ops.pool();
    seedNative(pool, 'gail', 'gail@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Gail-New' }, { provider: 'AcmeEntraID', subject: 'Gail-Old' }] });
    const dry = await runCommand(unlink, [...ops.target(pool), '--user', 'gail', '--provider', 'AcmeEntraID', '--subject', 'Gail-Old']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).not.toContain('note');
  });

  it('a SAML identity linked on an attribute and never signed in needs that attribute: a hint, then --attribute-name/--attribute-value', async () => {
    const pool = ops.pool();
    seedNative(pool, 'carol', 'carol@acme.com');
    const sdk = new CognitoIdentityProviderClient({ endpoint: ops.twin.endpoint, region: ops.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await sdk.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: pool.id,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'carol' },
        SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'email', ProviderAttributeValue: 'carol@acme.com' },
      }),
    );
    sdk.destroy();
    const bySubject = await runCommand(unlink, [...ops.target(pool), '--user', 'carol', '--provider', 'AcmeEntraID', '--yes', '--allow-relink']);
    expect(bySubject.code).toBe(1);
    expect(bySubject.stderr).toContain("Cognito refused: InvalidParameterException: Account isn't linked to anyone else");
    expect(bySubject.stderr).toContain('pass the --attribute-name and --attribute-value used when linking');
    const byAttribute = await runCommand(unlink, [...ops.target(pool), '--user', 'carol', '--provider', 'AcmeEntraID', '--attribute-name', 'email', '--attribute-value', 'carol@acme.com', '--yes', '--allow-relink']);
    expect(byAttribute.code).toBe(0);
    expect(byAttribute.stdout).toContain('ProviderAttributeName: email, ProviderAttributeValue: carol@acme.com}\n          (the attribute name and value given: ');
    expect(identities(pool, 'carol')).toEqual([]);
  });

  it('runs as the spawned CLI with --endpoint', async () => {
    const pool = ops.pool();
    seedNative(pool, 'dana', 'dana@gmail.com', { linked: [{ provider: 'Google', subject: '1049' }] });
    const result = await spawnCli(['unlink', ...ops.target(pool), '--user', 'dana', '--provider', 'Google', '--yes', '--allow-relink']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(identities(pool, 'dana')).toEqual([]);
  }, 20_000);
});
