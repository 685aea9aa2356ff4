import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASONS } from '../../../lambda/engine/reasons';
import { packageRoot } from '../../../policy/package-root';

describe('the reason-code catalogue', () => {
  it('is stable: codes are only ever added (dashboards key on them)', () => {
    expect(Object.keys(REASONS).sort()).toEqual(
      [
        'linked', 'already_linked', 'no_match_create', 'no_match_denied', 'ambiguous_match', 'domain_not_owned', 'email_missing',
        'email_invalid', 'email_unverified', 'email_untrusted', 'subject_unavailable', 'subject_mismatch', 'unknown_provider',
        'unknown_provider_denied', 'linking_disabled', 'match_value_missing', 'match_value_invalid', 'link_refused', 'link_source_too_long', 'cognito_unavailable', 'relink_blocked',
        'sign_up_allowed', 'sign_up_blocked', 'admin_create_allowed', 'admin_create_blocked', 'username_reserved', 'not_blocked', 'exempt',
        'federated_sign_in', 'native_blocked', 'ambiguous_client', 'method_refused', 'ignored_trigger', 'internal_error', 'exempt_username_reserved',
        'malformed_event',
      ].sort(),
    );
    for (const explanation of Object.values(REASONS)) expect(explanation.length).toBeGreaterThan(10);
  });

  it.each([
    ['docs/trigger.md', '## Reason codes', '## What users and apps see'],
    ['README.md', '### Reason codes', '### What users see'],
  ])('%s explains every code, and no other', (file, from, to) => {
    const doc = readFileSync(join(packageRoot(), file), 'utf8');
    const section = doc.slice(doc.indexOf(from), doc.indexOf(to));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(REASONS).sort());
  });
});
