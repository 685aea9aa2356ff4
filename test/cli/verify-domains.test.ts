// `link-policy verify-domains` against a real DNS server on loopback (the dns2 package, answering
// over UDP what a zone would publish), looked up with Node's own resolver as in production:
// proven, unproven, another tenant's proof, a record split into strings, a failed lookup; the three
// output formats; --baseline (only added or moved domains); _pool.yaml's warning or error.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dns2 from 'dns2';
import * as verify from '../../cli/commands/verify-domains';
import { packageRoot } from '../../policy/package-root';
import { runCommand } from './helpers';

jest.setTimeout(20_000);

/** TXT records by name, each a list of strings (one record may be split, RFC 1035 §3.3.14). */
const ZONE: Record<string, string[][]> = {
  '_link-policy.acme.com': [['link-policy-tenant=acme-corp'], ['v=unrelated']],
  '_link-policy.globex.example': [['link-policy-tenant=lumen']],
  '_link-policy.globex-labs.example': [['link-policy-', 'tenant=globex']],
};

let server: ReturnType<typeof dns2.createServer>;
let resolver = '';
const dir = mkdtempSync(join(tmpdir(), 'verify-domains-'));

beforeAll(async () => {
  server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = dns2.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const records = question && Object.hasOwn(ZONE, question.name) ? ZONE[question.name]! : undefined;
      if (!records) response.header.rcode = dns2.Packet.RCODE.NXDOMAIN;
      for (const data of records ?? []) response.answers.push({ name: question!.name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 60, data } as never);
      send(response);
    },
  });
  const listening = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  resolver = `127.0.0.1:${listening.udp!.port}`;
});

afterAll(async () => {
  await server.close();
});

function policies(name: string, edit?: (dir: string) => void): string {
  const copy = join(dir, name);
  cpSync(join(packageRoot(), 'policies'), copy, { recursive: true });
  edit?.(copy);
  return copy;
}

describe('link-policy verify-domains', () => {
  it('proven, unproven and another tenant\'s proof, at file:line:column; consumer tenants are not checked; exit 1', async () => {
    const result = await runCommand(verify, [policies('all'), '--resolver', resolver], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "all/acme-corp.yaml:13:7 error domain 'acme.co.uk' has no DNS proof for tenant acme-corp: no TXT \"link-policy-tenant=acme-corp\" at _link-policy.acme.co.uk (at tenant.domains[1])",
        '  The domain\'s owner must publish TXT "link-policy-tenant=acme-corp" at _link-policy.acme.co.uk (docs/domain-proof.md); until then the tenant\'s IdP could claim a domain it does not own.',
        "all/globex.yaml:12:7 error domain 'globex.example' is proven for tenant lumen, not globex (at tenant.domains[0])",
        '  The domain\'s owner vouches for another tenant: move the domain there, or have the owner publish TXT "link-policy-tenant=globex" at _link-policy.globex.example.',
        'all: 4 domains checked, 2 proven; 2 errors, 0 warnings (domain_proof.unproven: error)',
        '',
      ].join('\n'),
    );
  });

  it('GitHub annotations and JSON', async () => {
    const github = await runCommand(verify, [policies('gh'), '--resolver', resolver, '--format', 'github'], { cwd: dir });
    expect(github.stdout).toContain('::error file=gh/acme-corp.yaml,line=13,col=7,title=domain.unproven::domain \'acme.co.uk\' has no DNS proof');
    const json = JSON.parse((await runCommand(verify, [policies('js'), '--resolver', resolver, '--format', 'json'], { cwd: dir })).stdout);
    expect(json.domains).toEqual([
      { domain: 'acme.com', tenant: 'acme-corp', record: '_link-policy.acme.com', status: 'proven' },
      { domain: 'acme.co.uk', tenant: 'acme-corp', record: '_link-policy.acme.co.uk', status: 'missing' },
      { domain: 'globex.example', tenant: 'globex', record: '_link-policy.globex.example', status: 'other_tenant', tenants: ['lumen'] },
      { domain: 'globex-labs.example', tenant: 'globex', record: '_link-policy.globex-labs.example', status: 'proven' },
    ]);
  });

  it('--baseline: only the domains a pull request adds or moves; _pool.yaml unproven: warning passes with a warning', async () => {
    const base = policies('base');
    const head = policies('head', (copy) => {
      const file = join(copy, 'acme-corp.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('    - acme.co.uk\n', '    - acme.co.uk\n    - acme-new.example\n'));
      writeFileSync(join(copy, '_pool.yaml'), readFileSync(join(copy, '_pool.yaml'), 'utf8').replace('  unproven: error', '  unproven: warning'));
    });
    const result = await runCommand(verify, [head, '--baseline', base, '--resolver', resolver], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("head/acme-corp.yaml:14:7 warning domain 'acme-new.example' has no DNS proof for tenant acme-corp");
    expect(result.stdout).toContain('head: 1 domain checked, 0 proven; 0 errors, 1 warning (domain_proof.unproven: warning)\n');
    const one = await runCommand(verify, [base, '--domain', 'acme.com', '--resolver', resolver], { cwd: dir });
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('base: 1 domain checked, 1 proven; 0 errors, 0 warnings (domain_proof.unproven: error)\n');
  });

  it('a lookup that fails is an error, never a pass; usage errors exit 2', async () => {
    // A port where no DNS server listens: the resolver times out.
    const result = await runCommand(verify, [policies('down'), '--domain', 'acme.com', '--resolver', '127.0.0.1:9', '--timeout', '100'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error domain 'acme\.com': the DNS lookup of _link-policy\.acme\.com failed \(\w+\), so its proof could not be checked/);
    expect((await runCommand(verify, [policies('usage'), '--domain', 'nope.example'], { cwd: dir })).stderr).toContain('--domain: no tenant claims nope.example');
    expect((await runCommand(verify, ['missing-dir'], { cwd: dir })).code).toBe(2);
  });
});
