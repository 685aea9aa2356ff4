// The trigger view of the compiled policy set ships as policy.json next to index.js (encoded by
// policy-file.ts) and is read once per container. A file of its own rather than a string literal
// inside index.js: V8 would scan a literal of a megabyte or more (1,000 tenants) while compiling
// the module, before JSON.parse even started. Nothing about the pool is configured into the
// function (pool and client ids would make a pool -> function -> pool dependency cycle): the pool
// id comes with every event.
import type { TriggerPolicySet } from '../policy/trigger-view';
import { decodePolicyFile, type PolicyFile } from './policy-file';

/** The artifact's policy file; build-artifact.ts writes it and leaves its require external. */
export const POLICY_FILE = 'policy.json';

export function embeddedPolicySet(): TriggerPolicySet {
  let file: PolicyFile;
  try {
    // require resolves next to index.js (no __dirname arithmetic), then reads and parses the JSON.
    file = require('./policy.json') as PolicyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(`no ${POLICY_FILE} next to index.js: build the trigger with buildTriggerArtifactSync (npm run build:trigger)`);
  }
  return decodePolicyFile(file);
}
