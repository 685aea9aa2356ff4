// Policy files come from pull requests: hostile input is rejected with a position, never a crash
// or a hang. Each case runs in the same process as the others on purpose: the yaml library once
// aborted the whole process on deep nesting only after an earlier file had a tab error.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { loadPolicySetFromSources, MAX_POLICY_FILE_BYTES } from '../../policy';
import { packageRoot } from '../../policy/package-root';
import { errors, load, tenant, yaml } from './helpers';

describe('hostile YAML', () => {
  test('a billion-laughs alias bomb is refused at the first alias', () => {
    const bomb = yaml`
      a: &a [x, x, x, x, x, x, x, x, x]
      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    `;
    expect(errors(load({ 'acme.yaml': bomb }))).toEqual([
      'policies/acme.yaml:2:8 yaml.alias-limit: the YAML aliases expand to more than 100 nodes',
    ]);
  });

  test('an alias inside its own anchor (a cycle) is refused at the alias, in map and list form', () => {
    expect(errors(load({ 'acme.yaml': 'a: &loop [x, *loop]\n', 'globex.yaml': 'a: &m\n  b:\n    c: *m\n' }))).toEqual([
      'policies/acme.yaml:1:14 yaml.alias-cycle: this alias refers to the collection it sits in, which would make the value infinitely deep',
      'policies/globex.yaml:3:8 yaml.alias-cycle: this alias refers to the collection it sits in, which would make the value infinitely deep',
    ]);
  });

  test('a few aliases are fine', () => {
    const text = tenant('acme').replace('domains: [acme.com]', 'domains: &d [acme.com]') + 'messages:\n  sso_required: *d\n';
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      'policies/acme.yaml:22:17 schema.type: sso_required must be text, not a list',
    ]);
  });

  test('duplicate keys point at the duplicate', () => {
    const text = tenant('acme').replace('  display_name: acme\n', '  display_name: acme\n  id: acme2\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual(['policies/acme.yaml:5:3 yaml.duplicate-key: this key appears twice in the same mapping']);
  });

  test('a collection with more than 1,000 entries is refused before validation', () => {
    const keys = Array.from({ length: 1001 }, (_, index) => `k${index}: 1`).join('\n');
    const domains = `version: 1\ntenant:\n  domains: [${Array.from({ length: 5000 }, () => 'a.com').join(', ')}]\n`;
    expect(errors(load({ 'acme.yaml': `${keys}\n`, 'globex.yaml': domains }))).toEqual([
      'policies/acme.yaml:1:1 yaml.too-many-entries: this mapping has 1001 entries; policies allow at most 1000',
      'policies/globex.yaml:3:12 yaml.too-many-entries: this list has 5000 entries; policies allow at most 1000',
    ]);
  });

  test('tabs as indentation', () => {
    expect(errors(load({ 'acme.yaml': 'version: 1\ntenant:\n\tid: acme\n' }))).toEqual([
      'policies/acme.yaml:3:1 yaml.tab-as-indent: tabs are not allowed as indentation in YAML',
    ]);
  });

  test('deep nesting is refused before the YAML composer recurses (after a tab error in the same process)', () => {
    const depth = 20_000;
    const files = {
      'acme.yaml': 'version: 1\ntenant:\n\tid: acme\n',
      'deep.yaml': `version: 1\ntenant: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      'open.yaml': `a: ${'{a: '.repeat(20_000)}`,
      'compact.yaml': '- '.repeat(20_000),
    };
    expect(errors(load(files))).toEqual([
      'policies/acme.yaml:3:1 yaml.tab-as-indent: tabs are not allowed as indentation in YAML',
      'policies/compact.yaml:1:129 yaml.too-deep: the YAML nests more than 64 levels deep',
      'policies/deep.yaml:2:72 yaml.too-deep: the YAML nests more than 64 levels deep',
      'policies/open.yaml:1:256 yaml.too-deep: the YAML nests more than 64 levels deep',
    ]);
  });

  test('64 levels are still allowed (and then fail the schema as usual)', () => {
    const text = `version: 1\ntenant: ${'['.repeat(63)}${']'.repeat(63)}\n`;
    expect(errors(load({ 'acme.yaml': text }))).toContain(
      'policies/acme.yaml:2:9 schema.type: tenant must be a mapping (key: value lines), not a list',
    );
  });

  test('an oversized file is refused before parsing, naming the limit', () => {
    const text = `version: 1\n# ${'x'.repeat(MAX_POLICY_FILE_BYTES)}\n`;
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      `policies/acme.yaml:1:1 file.too-large: the file is ${MAX_POLICY_FILE_BYTES + 14} bytes; a policy file may be at most 262144 bytes (256 KiB)`,
    ]);
  });

  test('binary garbage and invalid UTF-8 are not text', () => {
    const garbage = Buffer.from([0x76, 0x3a, 0x20, 0x31, 0x0a, 0xff, 0xfe, 0x00, 0x12]).toString('utf8');
    expect(errors(load({ 'acme.yaml': garbage, 'globex.yaml': 'version: 1\nx: "\u0007"\n' }))).toEqual([
      'policies/acme.yaml:2:1 file.not-text: the file is not UTF-8 text: it contains the character U+FFFD',
      'policies/globex.yaml:2:5 file.not-text: the file is not UTF-8 text: it contains the character U+0007',
    ]);
  });

  test('a leading byte order mark is accepted and does not shift columns', () => {
    const text = `\uFEFF${tenant('acme').replace('password_sign_in: allow', 'password_sign_in: alow')}`;
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:20:21 schema.enum: password_sign_in must be one of allow, block_linked_users, block_tenant_domains (got 'alow')",
    ]);
  });

  test('a second document is refused', () => {
    expect(errors(load({ 'acme.yaml': `${tenant('acme')}---\n${tenant('acme')}` }))).toEqual([
      'policies/acme.yaml:21:1 yaml.multiple-documents: the file holds more than one YAML document',
    ]);
  });

  test('explicit tags are refused', () => {
    const text = tenant('acme').replace('display_name: acme', 'display_name: !!binary YWNtZQ==');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      'policies/acme.yaml:4:17 yaml.tag: explicit YAML tags are not allowed (found !!binary)',
    ]);
  });

  test('an unknown tag is reported once, at the tag', () => {
    const text = tenant('acme').replace('display_name: acme', 'display_name: !!js/function acme');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      'policies/acme.yaml:4:17 yaml.tag: explicit YAML tags are not allowed (found !!js/function)',
    ]);
  });

  test('a syntax error is reported at its position and stops the checks of that file', () => {
    expect(errors(load({ 'acme.yaml': 'version: 1\ntenant: {id: acme\n' }))[0]).toMatch(/^policies\/acme\.yaml:3:1 yaml\.[a-z-]+: /);
  });

  test('a __proto__ key is an unknown key, not a prototype change', () => {
    const text = tenant('acme').replace('version: 1\n', 'version: 1\n__proto__: {polluted: true}\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual(["policies/acme.yaml:2:1 schema.unknown-key: unknown key '__proto__' in the tenant policy"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('wrong types everywhere: every one is reported with its position', () => {
    const text = yaml`
      version: "1"
      tenant: [acme]
      identity_providers: {name: AcmeIdP}
      linking: true
      native_login: allow
      messages: 12
    `;
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:1:10 schema.const: version must be 1 (got '1')",
      'policies/acme.yaml:2:9 schema.type: tenant must be a mapping (key: value lines), not a list',
      'policies/acme.yaml:3:21 schema.type: identity_providers must be a list, not a mapping',
      'policies/acme.yaml:4:10 schema.type: linking must be a mapping (key: value lines), not true',
      "policies/acme.yaml:5:15 schema.type: native_login must be a mapping (key: value lines), not 'allow'",
      'policies/acme.yaml:6:11 schema.type: messages must be a mapping (key: value lines), not 12',
    ]);
  });

  test('200 kB hostile values in every kind of field are checked without catastrophic backtracking', () => {
    // Before the secret scan's URL pattern was bounded, each case took about 20 s; the spawn
    // timeout (a mechanism, far above the normal run) turns such a regression into a failure.
    const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'test/policy/long-values.ts'], {
      cwd: packageRoot(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.signal).toBeNull();
    expect(run.stdout).toBe(
      [
        'issuer: schema.length',
        'email: schema.format,schema.length',
        'domain: schema.length,schema.pattern',
        'message: schema.length',
        '',
      ].join('\n'),
    );
  });

  test('random text never throws and every problem has a position', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('acme.yaml', '_pool.yaml'), (text, name) => {
        const result = loadPolicySetFromSources([
          { path: `policies/${name}`, text },
          ...(name === '_pool.yaml' ? [] : [{ path: 'policies/_pool.yaml', text: 'version: 1\napp_clients: [{name: web, sign_in: sso}]\n' }]),
        ]);
        for (const problem of result.ok ? result.warnings : result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('random edits of a valid policy never throw', () => {
    const base = tenant('acme');
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(20), fc.string({ maxLength: 12 }), (at, cut, insert) => {
        const text = base.slice(0, at) + insert + base.slice(at + cut);
        const result = load({ 'acme.yaml': text });
        expect(result.ok || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
