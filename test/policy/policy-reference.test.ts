// docs/policy-reference.md must be exactly what `npm run gen:docs` renders from the schemas.
import { readFileSync } from 'node:fs';
import { POLICY_REFERENCE_PATH, renderPolicyReference } from '../../scripts/gen-policy-reference';

test('the committed policy reference matches the schemas (run `npm run gen:docs` after a schema change)', () => {
  expect(readFileSync(POLICY_REFERENCE_PATH, 'utf8')).toBe(renderPolicyReference());
});

test('the reference documents every field with its default', () => {
  const reference = renderPolicyReference();
  expect(reference).toContain('| `linking.on_no_match` | `create_user` \\| `deny` | no | `create_user` |');
  expect(reference).toContain('| `app_clients[].password_flows` |');
  expect(reference).toContain('At: `identity_providers[]` when `type: SAML`');
});
