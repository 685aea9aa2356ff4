// Both triggers built from the same compiled set, with their sizes raw and zipped. Zips are made the
// way the stack makes its asset (stack/asset-zip.ts: a TerraformAsset of type ARCHIVE), so the
// baseline is compressed exactly like the zip our stack ships.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildTriggerArtifactSync } from '../../lambda/build/build-artifact';
import type { CompiledPolicySet } from '../../policy/compiled';
import { zipLikeTheStack as zipAsset } from '../../stack/asset-zip';
import { buildBaselineArtifact } from '../baseline/build';

export interface BuiltPair {
  readonly ours: { readonly dir: string; readonly indexBytes: number; readonly policyBytes: number; readonly sdkBytes: number; readonly rawBytes: number; readonly zipBytes: number };
  readonly baseline: { readonly dir: string; readonly rawBytes: number; readonly zipBytes: number };
}

/** Zips `dir` the way the stack zips its function asset and returns the zip's size. */
export function zipLikeTheStack(dir: string, scratch: string): number {
  return statSync(zipAsset(dir, scratch)).size;
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
      zipBytes: zipLikeTheStack(ours.dir, join(scratch, 'ours-zip')),
    },
    baseline: { dir: baseline.dir, rawBytes: baseline.bytes, zipBytes: zipLikeTheStack(baseline.dir, join(scratch, 'baseline-zip')) },
  };
}
