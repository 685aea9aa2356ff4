// Cognito names federated users <provider>_<subject> and lower-cases the whole name in
// case-insensitive pools. The provider name pattern (`_` only as the 2nd character, at least 3
// characters) makes the prefix unambiguous: no accepted name, lower-cased and followed by '_', is
// the start of another accepted name. The trigger's userName parsing relies on this.
import fc from 'fast-check';
import type { AnySchemaObject } from 'ajv/dist/2020';
import { SCHEMAS } from '../../policy/schemas';

const providerName = (SCHEMAS.tenant.$defs as Record<string, AnySchemaObject>).ProviderName!;
const pattern = new RegExp(String(providerName.pattern), 'u');
const accepted = (name: string) => pattern.test(name) && name.length <= Number(providerName.maxLength);

test('no accepted provider name is an ambiguous prefix of another', () => {
  const name = fc
    .tuple(fc.constantFrom('a', 'A', 'b', 'é', '1', '-', '.'), fc.constantFrom('_', 'a', 'B', '-'), fc.array(fc.constantFrom('a', 'c', 'D', '_', '-', '.', '9'), { minLength: 1, maxLength: 6 }))
    .map(([first, second, rest]) => first + second + rest.join(''))
    .filter(accepted);
  fc.assert(
    fc.property(name, name, (a, b) => {
      expect(b.toLowerCase().startsWith(`${a.toLowerCase()}_`)).toBe(false);
    }),
    { numRuns: 2000 },
  );
});

test.each([
  ['a_b', true],
  ['AcmeEntraID', true],
  ['ab', false],
  ['_ab', false],
  ['ab_c', false],
  ['Acme IdP', false],
])('%s accepted: %s', (name, expected) => {
  expect(accepted(name)).toBe(expected);
});
