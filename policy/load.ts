// Loads a policies directory (or in-memory sources) into a CompiledPolicySet, or into the full list
// of problems. Synchronous, because the cdktf stack constructs synchronously.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CompiledPolicySet } from './compiled';
import { compilePolicySet, type ValidTenant } from './compile';
import { checkAcrossTenants, checkPool, type PoolEntry, type TenantEntry } from './cross-checks';
import { checkClientsAgainstMethods, checkMethodsAcrossTenants, checkSignInMethods } from './method-checks';
import { checkMetadataFiles, type ReferencedFileReader } from './metadata-file';
import { compareProblems, START_OF_FILE, type Problem } from './problems';
import { checkSchema } from './schema-check';
import type { PoolSettings, TenantPolicy } from './schema-types.generated';
import { findLiteralSecrets } from './secrets';
import { checkTenant } from './tenant-checks';
import { MAX_POLICY_FILE_BYTES, parsePolicyYaml, tooLarge, type ParsedYaml, type PolicySource } from './yaml-source';

export const POOL_FILE = '_pool.yaml';

export interface LoadCounts {
  /** Tenant files that passed the schema. */
  readonly tenants: number;
  readonly providers: number;
  readonly domains: number;
}

export type LoadResult =
  | { readonly ok: true; readonly set: CompiledPolicySet; readonly warnings: Problem[]; readonly counts: LoadCounts }
  | { readonly ok: false; readonly problems: Problem[]; readonly warnings: Problem[]; readonly counts: LoadCounts };

export interface LoadOptions {
  /**
   * Resolves files that policies reference (SAML metadata_file), by their path as shown in
   * messages. Default: the sources that are not policy files (e.g. 'policies/metadata/acme.xml').
   */
  readonly readReferencedFile?: ReferencedFileReader;
}

type Role = 'pool' | 'tenant' | 'ignored' | { readonly problem: Omit<Problem, 'file'> };

/** What a file in the policies directory is, by its name. */
export function classifyFileName(name: string): Role {
  if (name === POOL_FILE) return 'pool';
  if (name.endsWith('.test.yaml')) return 'ignored';
  if (name.endsWith('.yaml')) {
    if (name.startsWith('_')) {
      return layoutProblem('layout.reserved-name', `'${name}' starts with '_', which is reserved for ${POOL_FILE}`, 'Tenant files are named <tenant id>.yaml; pool settings belong in _pool.yaml.');
    }
    return 'tenant';
  }
  if (/\.ya?ml$/i.test(name)) {
    const fixed = name.replace(/\.ya?ml$/i, '.yaml');
    return layoutProblem(
      'layout.extension',
      `'${name}' is not read: policy files must end in .yaml`,
      `Rename it to ${fixed}; a tenant whose file is silently skipped would lose its policy.`,
    );
  }
  return 'ignored';
}

function layoutProblem(rule: string, message: string, hint: string): Role {
  return { problem: { ...START_OF_FILE, path: '', rule, message, hint, severity: 'error' } };
}

export function loadPolicySetFromSources(sources: readonly PolicySource[], options: LoadOptions = {}): LoadResult {
  return loadSources(sources, options);
}

/** A file found too large on disk, so never read. */
interface UnreadSource {
  readonly path: string;
  readonly bytes: number;
}

function loadSources(sources: readonly (PolicySource | UnreadSource)[], options: LoadOptions): LoadResult {
  const problems: Problem[] = [];
  const tenants: Array<TenantEntry & { sourceFile: string }> = [];
  let pool: PoolEntry | undefined;
  let poolSeen = false;
  const read = options.readReferencedFile ?? readerFromSources(sources.filter((source): source is PolicySource => 'text' in source));

  const ordered = [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const source of ordered) {
    const name = posix.basename(source.path);
    const role = classifyFileName(name);
    if (role === 'ignored') continue;
    if (typeof role === 'object') {
      problems.push({ file: source.path, ...role.problem });
      continue;
    }
    if (role === 'pool') {
      if (poolSeen) {
        problems.push({
          file: source.path,
          ...START_OF_FILE,
          path: '',
          rule: 'layout.pool-duplicate',
          message: `a second ${POOL_FILE} among the sources`,
          hint: 'Load one policies directory at a time: it has exactly one _pool.yaml.',
          severity: 'error',
        });
        continue;
      }
      poolSeen = true;
    }
    if (!('text' in source)) {
      problems.push(tooLarge(source.path, source.bytes));
      continue;
    }
    const parsed = parseAndCheckShape(source, role, problems);
    if (!parsed) continue;
    if (role === 'pool') {
      pool = { parsed, settings: parsed.data as PoolSettings };
      problems.push(...checkPool(pool));
    } else {
      const policy = parsed.data as TenantPolicy;
      problems.push(...checkTenant(parsed, policy, name.slice(0, -'.yaml'.length)));
      problems.push(...checkSignInMethods(parsed, policy));
      problems.push(...checkMetadataFiles(parsed, policy, read));
      tenants.push({ parsed, policy, sourceFile: name });
    }
  }
  if (!poolSeen) problems.push(missingPool(ordered));
  problems.push(...checkAcrossTenants(tenants, pool), ...checkMethodsAcrossTenants(tenants));
  if (pool) problems.push(...checkClientsAgainstMethods(pool, tenants));

  const errors = problems.filter((problem) => problem.severity === 'error').sort(compareProblems);
  const warnings = problems.filter((problem) => problem.severity === 'warning').sort(compareProblems);
  const counts: LoadCounts = {
    tenants: tenants.length,
    providers: tenants.reduce((sum, entry) => sum + entry.policy.identity_providers.length, 0),
    domains: tenants.reduce((sum, entry) => sum + entry.policy.tenant.domains.length, 0),
  };
  if (errors.length > 0 || !pool) return { ok: false, problems: errors, warnings, counts };
  const valid: ValidTenant[] = tenants.map(({ policy, sourceFile }) => ({ policy, sourceFile }));
  return { ok: true, set: compilePolicySet(pool.settings, valid), warnings, counts };
}

/** Parses a policy file and checks it against its schema; secrets are looked for either way. */
function parseAndCheckShape(source: PolicySource, role: 'pool' | 'tenant', problems: Problem[]): ParsedYaml | undefined {
  const result = parsePolicyYaml(source);
  if (!result.ok) {
    problems.push(...result.problems);
    return undefined;
  }
  const secrets = findLiteralSecrets(result.parsed);
  const secretPaths = new Set(secrets.map((problem) => problem.path));
  const shape = checkSchema(role, result.parsed);
  // A value already reported as a secret needs no second error about its shape; its key still does.
  problems.push(...secrets, ...shape.filter((problem) => problem.rule === 'schema.unknown-key' || !secretPaths.has(problem.path)));
  return shape.length === 0 ? result.parsed : undefined;
}

function missingPool(sources: readonly { path: string }[]): Problem {
  const dir = sources[0] ? posix.dirname(sources[0].path) : '.';
  return {
    file: posix.join(dir, POOL_FILE),
    ...START_OF_FILE,
    path: '',
    rule: 'layout.pool-missing',
    message: `${POOL_FILE} is missing: every policies directory needs the pool settings`,
    hint: 'Create it with version: 1 and the app_clients (see docs/policy-reference.md).',
    severity: 'error',
  };
}

function readerFromSources(sources: readonly PolicySource[]): ReferencedFileReader {
  const byPath = new Map(sources.map((source) => [posix.normalize(source.path), source.text]));
  return (path) => {
    const text = byPath.get(path);
    return text === undefined ? undefined : { bytes: Buffer.byteLength(text, 'utf8'), read: () => text };
  };
}

export interface LoadDirectoryOptions {
  /** How the directory is shown in messages (e.g. 'policies' relative to the repository). Default: `dir` as given. */
  readonly displayDir?: string;
}

/** Reads `dir` (top level only: tenant files, _pool.yaml) and loads it. */
export function loadPolicySet(dir: string, options: LoadDirectoryOptions = {}): LoadResult {
  const displayDir = toPosix(options.displayDir ?? dir);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    const problem: Problem = {
      file: displayDir,
      ...START_OF_FILE,
      path: '',
      rule: 'layout.directory-missing',
      message: `cannot read the policies directory '${displayDir}'`,
      hint: 'Pass the directory that holds _pool.yaml and the tenant files.',
      severity: 'error',
    };
    return { ok: false, problems: [problem], warnings: [], counts: { tenants: 0, providers: 0, domains: 0 } };
  }

  const sources: Array<PolicySource | UnreadSource> = [];
  for (const name of names) {
    if (classifyFileName(name) === 'ignored') continue;
    const file = join(dir, name);
    const shown = posix.join(displayDir, name);
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    // Checked before reading, so a huge file is never loaded into memory.
    sources.push(stats.size > MAX_POLICY_FILE_BYTES ? { path: shown, bytes: stats.size } : { path: shown, text: readFileSync(file, 'utf8') });
  }

  return loadSources(sources, {
    readReferencedFile: (path) => {
      const file = join(dir, posix.relative(displayDir, path));
      const stats = statSync(file, { throwIfNoEntry: false });
      return stats?.isFile() ? { bytes: stats.size, read: () => readFileSync(file, 'utf8') } : undefined;
    },
  });
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
