// Cognito names federated users <provider>_<subject> and lower-cases the whole name in
// case-insensitive pools. The provider name pattern (`_` only as the 2nd character, at least 3
// characters) makes the prefix unambiguous: no accepted name, lower-cased and followed by '_', is
// the start of another accepted name. The trigger's userName parsing relies on this. The validator
// also refuses names whose lower-case form is not their ASCII lower-casing (provider.name-case-folding),
// so Cognito's lower-casing and the trigger's cannot disagree on an accepted name.
import fc from 'fast-check';
import type { AnySchemaObject } from 'ajv/dist/2020';
import { SCHEMAS } from '../../policy/schemas';
import { caseFoldingLetters } from '../../policy/tenant-checks';

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

test('names the case-folding rule accepts lower-case to the same length and stay unambiguous; the others are refused', () => {
  const tricky = ['\u0130', '\u212A', '\u00C9', '\u00E9', '\u00DF', 'K', 'k', '_', '-'];
  const name = fc
    .tuple(fc.constantFrom('A', '\u0130', '\u212A', '\u00C9', 'b'), fc.constantFrom('_', 'a', '\u00E9', 'K'), fc.array(fc.constantFrom(...tricky), { minLength: 1, maxLength: 6 }))
    .map(([first, second, rest]) => first + second + rest.join(''))
    .filter(accepted);
  fc.assert(
    fc.property(name, name, (a, b) => {
      const foldsLikeAscii = (text: string) => caseFoldingLetters(text).length === 0;
      if (!foldsLikeAscii(a) || !foldsLikeAscii(b)) {
        // Refused: at least one letter whose lower-case form is not an ASCII letter.
        expect([...a, ...b].some((character) => ['\u0130', '\u212A', '\u00C9'].includes(character))).toBe(true);
        return;
      }
      expect(a.toLowerCase()).toHaveLength(a.length);
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
