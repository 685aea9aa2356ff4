// Small builders for policy tests: readable in-memory policy files and one-line problem strings.
import { loadPolicySetFromSources, type LoadOptions, type LoadResult, type Problem } from '../../policy';

/** Strips the common indentation of a template literal, so fixtures read like the files they stand for. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, index) => out + part + (index < values.length ? String(values[index]) : ''), '');
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export const POOL = yaml`
  version: 1
  app_clients:
    - name: web
      sign_in: sso
    - name: password
      sign_in: password
`;

/** A valid tenant; `id` also names the provider (<Id>IdP) and the domain (<id>.com). */
export function tenant(id: string, extra = ''): string {
  const providerName = `${id.charAt(0).toUpperCase()}${id.slice(1).replace(/-/g, '')}IdP`;
  return (
    yaml`
    version: 1
    tenant:
      id: ${id}
      display_name: ${id}
      domains: [${id}.com]
    identity_providers:
      - name: ${providerName}
        type: OIDC
        attribute_mapping:
          email: email
          email_verified: email_verified
          custom:idp_sub: sub
        subject:
          source: attribute
          attribute: custom:idp_sub
        email_trust: email_verified_claim
    linking:
      enabled: true
    native_login:
      password_sign_in: allow
  ` + extra
  );
}

/** Loads in-memory files named relative to policies/; adds the standard _pool.yaml unless given. */
export function load(files: Record<string, string>, options?: LoadOptions): LoadResult {
  const all = '_pool.yaml' in files ? files : { '_pool.yaml': POOL, ...files };
  return loadPolicySetFromSources(
    Object.entries(all).map(([name, text]) => ({ path: `policies/${name}`, text })),
    options,
  );
}

/** `file:line:column rule: message`, the parts a test asserts exactly. */
export function line(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.rule}: ${problem.message}`;
}

export function errors(result: LoadResult): string[] {
  return result.ok ? [] : result.problems.map(line);
}

export function warnings(result: LoadResult): string[] {
  return result.warnings.map(line);
}
