// Builds the baseline trigger the way a sample's README does it: one esbuild bundle with the SDK's
// default (CommonJS) build inside, minified, the tenants compiled in as an object literal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { CompiledPolicySet } from '../../policy/compiled';
import { packageRoot } from '../../policy/package-root';
import { baselineTenants } from './tenants';

export interface BaselineArtifact {
  readonly dir: string;
  readonly indexPath: string;
  readonly bytes: number;
}

export function buildBaselineArtifact(set: CompiledPolicySet, outDir: string): BaselineArtifact {
  const root = packageRoot();
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [join(root, 'bench', 'baseline', 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { BASELINE_TENANTS: JSON.stringify(baselineTenants(set)) },
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no baseline bundle');
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const indexPath = join(dir, 'index.js');
  writeFileSync(indexPath, output.contents);
  return { dir, indexPath, bytes: output.contents.byteLength };
}
