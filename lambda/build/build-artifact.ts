// Builds the trigger's Lambda directory. Synchronous because the cdktf construct calls it from its
// constructor. Deterministic: the same policy set and sources give the same bytes, so the
// function's source_code_hash changes only when something real changed.
//
//   index.js         CommonJS, exports `handler`: the engine and the handler.
//   policy.json      the trigger view of the compiled policy set (policy/trigger-view.ts): only the
//                    fields the trigger reads, each repeated value once (policy-file.ts). index.js
//                    requires it once per container; as a file of its own, V8 never scans it as
//                    source code (embedded-policy.ts).
//   sdk.js           the AWS SDK client and the four commands the adapter sends, bundled (the
//                    function never depends on the runtime's SDK version). index.js requires it on
//                    the first Cognito call, so paths that make none (sign-up, most pre
//                    authentications) never load or even parse it at cold start.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import type { CompiledPolicySet } from '../../policy/compiled';
import { packageRoot } from '../../policy/package-root';
import { triggerView } from '../../policy/trigger-view';
import { POLICY_FILE } from '../embedded-policy';
import { encodePolicyFile } from '../policy-file';

export interface BuildTriggerOptions {
  readonly policySet: CompiledPolicySet;
  /** A directory dedicated to the artifact: created if missing; the artifact's files are (re)written in it. */
  readonly outDir: string;
}

export interface TriggerArtifact {
  /** Absolute path of the Lambda directory (zip it as is; handler index.handler). */
  readonly dir: string;
  readonly indexPath: string;
  /** Total size of the artifact's files, in bytes. */
  readonly bytes: number;
  /** sha256 (hex) over the artifact's files (name, NUL, contents, in name order). */
  readonly sha256: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

/** Lambda runs the function on nodejs22.x. */
const TRIGGER_RUNTIME_TARGET = 'node22';
/** lambda/cognito/client.ts requires './sdk': left external, it finds this sibling file at run time. */
const SDK_FILE = 'sdk.js';

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: TRIGGER_RUNTIME_TARGET,
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  write: false,
  logLevel: 'silent',
  // The SDK's ES module builds tree-shake: about 330 KB instead of 545 KB, and half the load time.
  mainFields: ['module', 'main'],
};

export function bundleTrigger(policySet: CompiledPolicySet): ReadonlyMap<string, Uint8Array> {
  const root = packageRoot();
  const index = buildSync({
    ...common,
    absWorkingDir: root,
    entryPoints: [join(root, 'lambda', 'index.ts')],
    external: ['./sdk', `./${POLICY_FILE}`],
  });
  const sdk = buildSync({ ...common, absWorkingDir: root, entryPoints: [join(root, 'lambda', 'cognito', 'sdk.ts')] });
  return new Map([
    ['index.js', only(index.outputFiles, 'lambda/index.ts')],
    [POLICY_FILE, new TextEncoder().encode(JSON.stringify(encodePolicyFile(triggerView(policySet))))],
    [SDK_FILE, only(sdk.outputFiles, 'lambda/cognito/sdk.ts')],
  ]);
}

export function buildTriggerArtifactSync(options: BuildTriggerOptions): TriggerArtifact {
  const files = bundleTrigger(options.policySet);
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const digest = createHash('sha256');
  let bytes = 0;
  for (const [name, contents] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Write then rename: a concurrent reader (another test worker, a zip step) never sees half a file.
    const path = join(dir, name);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
    digest.update(name).update('\0').update(contents);
    bytes += contents.byteLength;
  }
  return {
    dir,
    indexPath: join(dir, 'index.js'),
    bytes,
    sha256: digest.digest('hex'),
    files: [...files].map(([name, contents]) => ({ name, bytes: contents.byteLength })),
  };
}

function only(outputs: readonly { contents: Uint8Array }[] | undefined, entry: string): Uint8Array {
  const [output] = outputs ?? [];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.contents;
}
