// The trigger exactly as it is deployed: `buildTriggerArtifactSync` writes index.js and sdk.js for
// the policy set under .build/, where the twin runs them in Lambda-like child processes. Rebuilt on
// every run (about a quarter of a second), so the artifact always matches the sources; the write is
// atomic per file, so concurrent runs for the same policies never see half a file.
import { join } from 'node:path';
import { buildTriggerArtifactSync } from '../../lambda/build/build-artifact';
import type { CompiledPolicySet } from '../../policy/compiled';
import { packageRoot } from '../../policy/package-root';

export function buildTrigger(set: CompiledPolicySet): string {
  const outDir = join(packageRoot(), '.build', 'link-policy-cli', `trigger-${set.digest.slice(0, 16)}`);
  return buildTriggerArtifactSync({ policySet: set, outDir }).dir;
}
