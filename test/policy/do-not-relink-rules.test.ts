// linking.do_not_relink in the policy: entries name one of the tenant's own providers; the compiled
// set keeps provider and subject (the note is for reviewers).
import { errors, load, tenant } from './helpers';

const withEntry = (provider: string) =>
  tenant('acme').replace('  enabled: true\n', `  enabled: true\n  do_not_relink:\n    - provider: ${provider}\n      subject: 00uAlice\n      note: TICKET-42\n`);

describe('do_not_relink', () => {
  test('compiles to the identities the trigger keeps off', () => {
    const result = load({ 'acme.yaml': withEntry('AcmeIdP') });
    expect(errors(result)).toEqual([]);
    if (result.ok) expect(result.set.tenants['acme']!.linking.do_not_relink).toEqual([{ provider: 'AcmeIdP', subject: '00uAlice' }]);
  });

  test('linking.do-not-relink-provider-unknown: another tenant\'s or a mistyped provider', () => {
    expect(errors(load({ 'acme.yaml': withEntry('AcmeIDP') }))).toEqual([
      "policies/acme.yaml:20:17 linking.do-not-relink-provider-unknown: do_not_relink names 'AcmeIDP', which is not one of this tenant's providers (AcmeIdP)",
    ]);
  });
});
