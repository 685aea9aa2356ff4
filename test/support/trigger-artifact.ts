// The built trigger artifact for end-to-end tests, built once per policy set and trigger source
// version and shared by every test file and jest worker: .build/test-artifacts/<key>/ holds
// index.js and sdk.js exactly as `npm run build:trigger` writes them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildTriggerArtifactSync } from '../../lambda/build/build-artifact';
import type { CompiledPolicySet } from '../../policy/compiled';
import { formatProblem, loadPolicySet } from '../../policy/index';
import { packageRoot } from '../../policy/package-root';

let sourcesHash: string | undefined;

/** Hash of everything that goes into the bundle besides the policy set: the trigger's sources and esbuild's version. */
function triggerSourcesHash(): string {
  if (sourcesHash) return sourcesHash;
  const root = packageRoot();
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts')) files.push(path);
    }
  };
  // The bundle pulls policy/ modules (compiled types, trigger view, Cognito limits): hash all of it.
  walk(join(root, 'lambda'));
  walk(join(root, 'policy'));
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  hash.update(JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version);
  sourcesHash = hash.digest('hex').slice(0, 12);
  return sourcesHash;
}

/** The artifact directory for a policies directory or an already compiled set. */
export function builtTrigger(policies: string | CompiledPolicySet): string {
  const set = typeof policies === 'string' ? loadOrThrow(policies) : policies;
  const root = packageRoot();
  const dir = join(root, '.build', 'test-artifacts', `${set.digest.slice(0, 16)}-${triggerSourcesHash()}`);
  if (existsSync(join(dir, 'index.js'))) return dir;
  mkdirSync(join(root, '.build', 'test-artifacts'), { recursive: true });
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  buildTriggerArtifactSync({ policySet: set, outDir: staging });
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another worker finished the same build first: use theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, 'index.js'))) throw error;
  }
  return dir;
}

export function loadOrThrow(policiesDir: string): CompiledPolicySet {
  const loaded = loadPolicySet(policiesDir);
  if (!loaded.ok) throw new Error(`policies in ${policiesDir} do not load:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return loaded.set;
}
