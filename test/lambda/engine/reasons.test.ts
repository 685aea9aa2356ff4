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
        'unknown_provider_denied', 'linking_disabled', 'match_value_missing', 'match_value_invalid', 'link_refused', 'cognito_unavailable',
        'sign_up_allowed', 'sign_up_blocked', 'admin_create_allowed', 'admin_create_blocked', 'username_reserved', 'not_blocked', 'exempt',
        'federated_sign_in', 'native_blocked', 'ambiguous_client', 'ignored_trigger', 'internal_error',
      ].sort(),
    );
    for (const explanation of Object.values(REASONS)) expect(explanation.length).toBeGreaterThan(10);
  });

  it('docs/trigger.md explains every code, and no other', () => {
    const doc = readFileSync(join(packageRoot(), 'docs', 'trigger.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Reason codes'), doc.indexOf('## What users and apps see'));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(REASONS).sort());
  });
});
