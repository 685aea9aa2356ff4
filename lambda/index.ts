// The Lambda entry point (handler: index.handler). policy.json is read and decoded once, when the
// container starts; the lookups over it need no further set-up (engine/policy-index.ts).
import { embeddedPolicySet } from './embedded-policy';
import { createHandler } from './handler';

export const handler = createHandler({ policySet: embeddedPolicySet() });
