// Entry point for hostile-input.test.ts: loads policies with 200 kB hostile values. It runs in a
// child process so that a regression into catastrophic regex backtracking (synchronous, so jest's
// timeout cannot stop it) is killed by the parent's spawn timeout instead of hanging the suite.
import { load, tenant } from './helpers';

const LONG_VALUE_CASES: Record<string, (long: string) => string> = {
  issuer: (long) =>
    tenant('acme').replace('    type: OIDC\n', `    type: OIDC\n    connection: {issuer: "https://${long}", client_id: x, client_secret: {terraform_variable: x}}\n`),
  email: (long) => tenant('acme', `  exempt: {emails: ["a@${long}!"]}\n`),
  domain: (long) => tenant('acme').replace('domains: [acme.com]', `domains: ["${long}!"]`),
  message: (long) => tenant('acme', `messages: {sso_required: "${long}"}\n`),
};

export function main(): number {
  const long = 'a.'.repeat(100_000);
  for (const [field, build] of Object.entries(LONG_VALUE_CASES)) {
    const result = load({ 'acme.yaml': build(long) });
    process.stdout.write(`${field}: ${result.ok ? 'valid' : result.problems.map((problem) => problem.rule).join(',')}\n`);
  }
  return 0;
}
