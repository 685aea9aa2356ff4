// Both triggers built from the same compiled set, with their sizes raw and zipped. Zips are made by
// the archiver the stack itself uses (cdktf's TerraformAsset: archiver, zlib level 9), so the
// baseline is compressed exactly like the zip our stack ships.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildTriggerArtifactSync } from '../../lambda/build/build-artifact';
import type { CompiledPolicySet } from '../../policy/compiled';
import { buildBaselineArtifact } from '../baseline/build';

export interface BuiltPair {
  readonly ours: { readonly dir: string; readonly indexBytes: number; readonly policyBytes: number; readonly sdkBytes: number; readonly rawBytes: number; readonly zipBytes: number };
  readonly baseline: { readonly dir: string; readonly rawBytes: number; readonly zipBytes: number };
}

/** Zips `dir` the way `TerraformAsset({ type: AssetType.ARCHIVE })` does and returns the zip's size. */
export function zipLikeTheStack(dir: string, zipPath: string): number {
  execFileSync(process.execPath, [require.resolve('cdktf/lib/private/fs.js'), dir, zipPath], { stdio: 'ignore' });
  return statSync(zipPath).size;
}

export function buildPair(set: CompiledPolicySet, scratch: string): BuiltPair {
  const ours = buildTriggerArtifactSync({ policySet: set, outDir: join(scratch, 'ours') });
  const baseline = buildBaselineArtifact(set, join(scratch, 'baseline'));
  const file = (name: string) => ours.files.find((entry) => entry.name === name)?.bytes ?? 0;
  return {
    ours: {
      dir: ours.dir,
      indexBytes: file('index.js'),
      policyBytes: file('policy.json'),
      sdkBytes: file('sdk.js'),
      rawBytes: ours.bytes,
      zipBytes: zipLikeTheStack(ours.dir, join(scratch, 'ours.zip')),
    },
    baseline: { dir: baseline.dir, rawBytes: baseline.bytes, zipBytes: zipLikeTheStack(baseline.dir, join(scratch, 'baseline.zip')) },
  };
}
