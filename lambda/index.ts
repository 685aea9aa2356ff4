// The Lambda entry point (handler: index.handler). The embedded policy set is parsed and indexed
// once, when the container starts.
import { embeddedPolicySet } from './embedded-policy';
import { createHandler } from './handler';

export const handler = createHandler({ policySet: embeddedPolicySet() });
