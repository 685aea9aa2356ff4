// The compiled policy set the artifact builder injects (esbuild `define`) as one JSON string
// literal: parsing a string once at cold start is faster than evaluating an equivalent object
// literal. Nothing about the pool is configured into the function (pool and client ids would make
// a pool -> function -> pool dependency cycle): the pool id comes with every event.
import type { CompiledPolicySet } from '../policy/compiled';

declare const LINK_POLICY_SET_JSON: string | undefined;

export function embeddedPolicySet(): CompiledPolicySet {
  if (typeof LINK_POLICY_SET_JSON !== 'string') {
    throw new Error('no policy set embedded: build the trigger with buildTriggerArtifactSync (npm run build:trigger)');
  }
  return JSON.parse(LINK_POLICY_SET_JSON) as CompiledPolicySet;
}
