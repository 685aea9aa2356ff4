// Rules across files, each with a fixture directory (test/policy/fixtures/<rule>/) holding a
// _pool.yaml and one or two tenant files; quotas are generated in memory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicySet, type LoadResult } from '../../policy';
import { errors, load, POOL, tenant, warnings } from './helpers';

function loadFixture(name: string): LoadResult {
  return loadPolicySet(join(__dirname, 'fixtures', name), { displayDir: `fixtures/${name}` });
}

describe('cross-file rules', () => {
  test('cross.domain-owned-twice names the owner and its file:line', () => {
    expect(errors(loadFixture('domain-owned-twice'))).toEqual([
      "fixtures/domain-owned-twice/globex.yaml:5:25 cross.domain-owned-twice: domain 'acme.com' is already owned by tenant 'acme' (fixtures/domain-owned-twice/acme.yaml:5)",
    ]);
  });

  test('cross.domain-nested unless nested_domains_allowed; an unused allowance is a warning', () => {
    const result = loadFixture('domain-nested');
    expect(errors(result)).toEqual([
      "fixtures/domain-nested/globex.yaml:5:25 cross.domain-nested: domain 'labs.acme.com' is a subdomain of 'acme.com', owned by tenant 'acme' (fixtures/domain-nested/acme.yaml:5)",
    ]);
    expect(warnings(result)).toEqual([
      "fixtures/domain-nested/acme-eu.yaml:6:41 cross.nested-allowance-unused: nested_domains_allowed lists 'acme-eu.com', but no other tenant owns a parent domain of it",
    ]);
  });

  test('cross.domain-confusable: a punycode domain that renders like another tenant\'s domain', () => {
    expect(errors(loadFixture('domain-confusable'))).toEqual([
      "fixtures/domain-confusable/lookalike.yaml:5:28 cross.domain-confusable: domain 'xn--cme-5cd.com' (аcme.com) looks like 'acme.com' of tenant 'acme' (fixtures/domain-confusable/acme.yaml:5)",
    ]);
  });

  test('cross.provider-name-duplicate ignores case, because Cognito lower-cases the userName prefix', () => {
    expect(errors(loadFixture('provider-name-duplicate'))).toEqual([
      "fixtures/provider-name-duplicate/globex.yaml:7:11 cross.provider-name-duplicate: provider name 'acmeidp' differs only in case from 'AcmeIdP' of tenant 'acme' (fixtures/provider-name-duplicate/acme.yaml:7); Cognito lower-cases the provider part of federated user names, so the two cannot be told apart",
    ]);
  });

  test('cross.mixed-client-blocks-passwords, and cross.no-sso-client as a warning', () => {
    const result = loadFixture('mixed-client');
    expect(errors(result)).toEqual([
      "fixtures/mixed-client/_pool.yaml:4:14 cross.mixed-client-blocks-passwords: app client 'web' offers SSO and password sign-in together, but tenant 'acme' blocks password sign-in (fixtures/mixed-client/acme.yaml:20)",
    ]);
    expect(result.ok || result.problems[0]!.hint).toMatch(/^Pre authentication runs for password sign-ins and for a linked user's later SSO sign-ins alike/);
    expect(warnings(result)).toEqual([
      "fixtures/mixed-client/_pool.yaml:2:1 cross.no-sso-client: tenant 'acme' blocks password sign-in (fixtures/mixed-client/acme.yaml:20), but no app client has sign_in: sso",
    ]);
  });

  test('cross.match-user-writable: a tenant may not match on an attribute users can write themselves (issue 13)', () => {
    const matchPreferred = tenant('acme')
      .replace('custom:idp_sub: sub', 'custom:idp_sub: sub\n      preferred_username: preferred_username')
      .replace('linking:\n  enabled: true', 'linking:\n  enabled: true\n  match: { attribute: preferred_username }');
    const pool = `${POOL}user_writable_attributes: [name, preferred_username]\n`;
    expect(errors(load({ '_pool.yaml': pool, 'acme.yaml': matchPreferred }))).toEqual([
      "policies/acme.yaml:20:23 cross.match-user-writable: linking matches on 'preferred_username', which users can write themselves (policies/_pool.yaml:7)",
    ]);
    // The default list leaves preferred_username and phone_number out: the same match is accepted (with its warning).
    expect(errors(load({ 'acme.yaml': matchPreferred }))).toEqual([]);
    // email is writable, but verified before it changes: never this error.
    expect(errors(load({ '_pool.yaml': pool, 'acme.yaml': tenant('acme') }))).toEqual([]);
  });

  test('cross.tenant-id-duplicate (in-memory sources from two directories)', () => {
    expect(errors(load({ 'acme.yaml': tenant('acme').replace('domains: [acme.com]', 'domains: [acme.org]'), 'old/acme.yaml': tenant('acme').replace(/IdP/g, 'OldIdP') }))).toEqual([
      "policies/old/acme.yaml:3:7 cross.tenant-id-duplicate: tenant id 'acme' is already used by policies/acme.yaml:3",
    ]);
  });
});

describe('cross.secret-shared: a secret reference belongs to one provider of one tenant', () => {
  /** A tenant whose OIDC provider (issuer chosen by this file) reads its client secret from `secret`. */
  function withSecret(id: string, secret: string): string {
    return tenant(id).replace(
      '    type: OIDC\n',
      `    type: OIDC\n    connection:\n      issuer: https://idp.${id}.example\n      client_id: ${id}-client\n      client_secret: ${secret}\n`,
    );
  }
  const variable = (name: string) => `{terraform_variable: ${name}}`;
  const secretsManager = (secretId: string, jsonKey?: string) =>
    `{secrets_manager: {secret_id: "${secretId}"${jsonKey === undefined ? '' : `, json_key: ${jsonKey}`}}}`;

  test("another tenant's Terraform variable: refused at the reference, naming the owner's file:line", () => {
    const result = load({ 'acme.yaml': withSecret('acme', variable('acme_oidc_secret')), 'evil.yaml': withSecret('evil', variable('acme_oidc_secret')) });
    expect(errors(result)).toEqual([
      "policies/evil.yaml:12:43 cross.secret-shared: EvilIdP references Terraform variable 'acme_oidc_secret', which AcmeIdP of tenant 'acme' already uses (policies/acme.yaml:12)",
    ]);
    expect(result.ok || result.problems[0]!.hint).toMatch(/^A secret reference belongs to one provider: Cognito sends the secret to this provider's own endpoint/);
  });

  test.each([
    ['the same secret and key', secretsManager('prod/acme-oidc', 'client_secret'), secretsManager('prod/acme-oidc', 'client_secret')],
    ['the whole secret, which holds the key', secretsManager('prod/acme-oidc', 'client_secret'), secretsManager('prod/acme-oidc')],
    [
      'the same secret by its ARN',
      secretsManager('prod/acme-oidc'),
      secretsManager('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/acme-oidc-AbC123'),
    ],
  ])("another tenant's Secrets Manager secret (%s): refused", (_label, acme, evil) => {
    expect(errors(load({ 'acme.yaml': withSecret('acme', acme), 'evil.yaml': withSecret('evil', evil) }))).toEqual([
      expect.stringMatching(/^policies\/evil\.yaml:12:\d+ cross\.secret-shared: EvilIdP references Secrets Manager secret .+, which AcmeIdP of tenant 'acme' already uses \(policies\/acme\.yaml:12\)$/),
    ]);
  });

  test('two providers of one tenant may not share a secret either', () => {
    const text = withSecret('acme', variable('shared_secret'));
    const second = text.match(/ {2}- name: AcmeIdP\n(?: {4}.*\n)+/)![0].replace('AcmeIdP', 'AcmeOtherIdP');
    expect(errors(load({ 'acme.yaml': text.replace('linking:', `${second}linking:`) }))).toEqual([
      "policies/acme.yaml:26:43 cross.secret-shared: AcmeOtherIdP references Terraform variable 'shared_secret', which AcmeIdP of this tenant already uses (policies/acme.yaml:12)",
    ]);
  });

  test('different variables, or different keys of one JSON secret, are different secrets', () => {
    const files = {
      'acme.yaml': withSecret('acme', secretsManager('prod/oidc', 'acme')),
      'globex.yaml': withSecret('globex', secretsManager('prod/oidc', 'globex')),
      'initech.yaml': withSecret('initech', variable('initech_secret')),
    };
    expect(errors(load(files))).toEqual([]);
  });
});

describe('pool quotas', () => {
  function tenants(count: number, customAttributes = 1): Record<string, string> {
    const files: Record<string, string> = {};
    for (let index = 0; index < count; index += 1) {
      const id = `t${String(index).padStart(4, '0')}`;
      const custom = `custom:sub${index % customAttributes}`;
      files[`${id}.yaml`] = tenant(id).replace(/custom:idp_sub/g, custom);
    }
    return files;
  }

  test('cross.custom-attribute-quota: at most 50 custom attributes in the pool', () => {
    expect(errors(load(tenants(51, 51)))).toEqual([
      "policies/t0050.yaml:12:7 cross.custom-attribute-quota: 'custom:sub50' is custom attribute number 51 in the pool; Cognito allows 50",
    ]);
  });

  test('1,000 tenants compile, with a warning about the default provider quota', () => {
    const result = load(tenants(1000));
    expect(errors(result)).toEqual([]);
    expect(result.ok && Object.keys(result.set.providers)).toHaveLength(1000);
    expect(warnings(result)).toHaveLength(1);
  });

  test('cross.provider-quota-default warns above 300 providers and cross.provider-quota-max refuses above 1,000', () => {
    const result = load(tenants(1001));
    expect(warnings(result)).toEqual([
      'policies/t0300.yaml:7:11 cross.provider-quota-default: this is identity provider number 301; Cognito allows 300 per user pool by default',
    ]);
    expect(errors(result)).toEqual([
      'policies/t1000.yaml:7:11 cross.provider-quota-max: this is identity provider number 1001; a Cognito user pool holds at most 1000',
    ]);
  });
});

describe('directory layout', () => {
  test('*.test.yaml and other files are ignored; *.yml and _*.yaml are errors', () => {
    expect(errors(loadFixture('layout'))).toEqual([
      "fixtures/layout/_defaults.yaml:1:1 layout.reserved-name: '_defaults.yaml' starts with '_', which is reserved for _pool.yaml",
      "fixtures/layout/globex.yml:1:1 layout.extension: 'globex.yml' is not read: policy files must end in .yaml",
    ]);
  });

  test('an oversized file on disk is refused without being read, and still counts as present', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    try {
      writeFileSync(join(dir, '_pool.yaml'), `${POOL}#${' '.repeat(300 * 1024)}\n`);
      writeFileSync(join(dir, 'acme.yaml'), tenant('acme'));
      expect(errors(loadPolicySet(dir, { displayDir: 'policies' }))).toEqual([
        `policies/_pool.yaml:1:1 file.too-large: the file is ${POOL.length + 2 + 300 * 1024} bytes; a policy file may be at most 262144 bytes (256 KiB)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('layout.pool-duplicate (in-memory sources from two directories)', () => {
    expect(errors(load({ 'acme.yaml': tenant('acme'), 'old/_pool.yaml': POOL }))).toEqual([
      'policies/old/_pool.yaml:1:1 layout.pool-duplicate: a second _pool.yaml among the sources',
    ]);
  });

  test('layout.pool-missing', () => {
    expect(errors(loadFixture('no-pool'))).toEqual([
      'fixtures/no-pool/_pool.yaml:1:1 layout.pool-missing: _pool.yaml is missing: every policies directory needs the pool settings',
    ]);
  });

  test('layout.directory-missing', () => {
    expect(errors(loadPolicySet(join(__dirname, 'fixtures', 'absent'), { displayDir: 'fixtures/absent' }))).toEqual([
      "fixtures/absent:1:1 layout.directory-missing: cannot read the policies directory 'fixtures/absent'",
    ]);
  });
});
