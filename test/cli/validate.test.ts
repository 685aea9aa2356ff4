// `link-policy validate`: output formats, exit codes and usage errors, in-process and once as a
// spawned process the way CI runs it.
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { run } from '../../cli/commands/validate';
import type { CliIo } from '../../cli/io';
import { packageRoot } from '../../policy/package-root';

const FIXTURE = 'test/policy/fixtures/domain-owned-twice';

async function validate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const io: CliIo = { stdout, stderr, cwd: packageRoot(), env: {} };
  const code = await run(argv, io);
  return { code, ...chunks };
}

describe('link-policy validate', () => {
  test('the example policies are valid: exit 0 and a summary line', async () => {
    const result = await validate();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^policies: valid \(digest [0-9a-f]{12}\): 3 tenants, 3 providers, 6 domains; 0 errors, 0 warnings\n$/);
  });

  test('human output: file:line:column, severity, message, then the hint; exit 1', async () => {
    const result = await validate(FIXTURE);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `${FIXTURE}/globex.yaml:5:25 error domain 'acme.com' is already owned by tenant 'acme' (${FIXTURE}/acme.yaml:5) (at tenant.domains[1])`,
        '  A domain belongs to one tenant: the trigger decides by the email domain. Remove it from one of the two files.',
        `${FIXTURE}: invalid: 2 tenants, 2 providers, 3 domains; 1 error, 0 warnings`,
        '',
      ].join('\n'),
    );
  });

  test('--format github prints workflow annotations with escaped data', async () => {
    const result = await validate('--format', 'github', FIXTURE);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      `::error file=${FIXTURE}/globex.yaml,line=5,col=25,title=cross.domain-owned-twice::domain 'acme.com' is already owned by tenant 'acme' (${FIXTURE}/acme.yaml:5) (at tenant.domains[1])` +
        '%0AA domain belongs to one tenant: the trigger decides by the email domain. Remove it from one of the two files.',
    );
  });

  test('--format=json has a stable, documented shape', async () => {
    const result = await validate(`--format=json`, FIXTURE);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      format: 1,
      valid: false,
      directory: FIXTURE,
      counts: { tenants: 2, providers: 2, domains: 3 },
      digest: null,
      errors: [
        {
          file: `${FIXTURE}/globex.yaml`,
          line: 5,
          column: 25,
          path: 'tenant.domains[1]',
          rule: 'cross.domain-owned-twice',
          message: `domain 'acme.com' is already owned by tenant 'acme' (${FIXTURE}/acme.yaml:5)`,
          hint: 'A domain belongs to one tenant: the trigger decides by the email domain. Remove it from one of the two files.',
          severity: 'error',
        },
      ],
      warnings: [],
    });
  });

  test('warnings alone keep exit 0', async () => {
    const result = await validate('test/policy/fixtures/warning-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^test\/policy\/fixtures\/warning-only\/acme\.yaml:20:23 warning require_verified is false: .*\n {2}.*\ntest\/policy\/fixtures\/warning-only: valid \(digest [0-9a-f]{12}\): 1 tenant, 1 provider, 1 domain; 0 errors, 1 warning\n$/,
    );
  });

  test.each([
    [['--format', 'xml'], "link-policy validate: --format needs one of human, github, json (got 'xml')"],
    [['--format'], 'link-policy validate: --format needs one of human, github, json'],
    [['--strict'], "link-policy validate: unknown option '--strict'"],
    [['policies', 'more'], "link-policy validate: unexpected argument 'more': give one directory"],
    [['no-such-dir'], "link-policy validate: 'no-such-dir' is not a directory"],
    [['package.json'], "link-policy validate: 'package.json' is not a directory"],
  ])('usage error %j exits 2', async (argv, message) => {
    const result = await validate(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).toContain('usage: link-policy validate [dir]');
  });

  test('--help prints the usage and exits 0', async () => {
    const result = await validate('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error');
  });

  test('the installed command, spawned as CI runs it', () => {
    const spawned = spawnSync(process.execPath, ['bin/link-policy.cjs', 'validate', FIXTURE, '--format', 'github'], {
      cwd: packageRoot(),
      encoding: 'utf8',
    });
    expect(spawned.status).toBe(1);
    expect(spawned.stderr).toBe('');
    expect(spawned.stdout).toMatch(/^::error file=test\/policy\/fixtures\/domain-owned-twice\/globex\.yaml,line=5,col=25,title=cross\.domain-owned-twice::/);
    expect(spawned.stdout.trimEnd().split('\n').at(-1)).toBe(`${FIXTURE}: invalid: 2 tenants, 2 providers, 3 domains; 1 error, 0 warnings`);
  });
});
