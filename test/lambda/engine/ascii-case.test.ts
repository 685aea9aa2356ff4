// asciiLowerCase folds A-Z and nothing else, whichever of its fast paths a string takes.
import fc from 'fast-check';
import { asciiLowerCase } from '../../../lambda/engine/ascii-case';

/** The definition, one UTF-16 unit at a time. */
function reference(text: string): string {
  let out = '';
  for (const unit of text) out += unit >= 'A' && unit <= 'Z' ? String.fromCharCode(unit.charCodeAt(0) + 32) : unit;
  return out;
}

describe('asciiLowerCase', () => {
  it.each([
    ['AcmeEntraID', 'acmeentraid'],
    ['already-lower@acme.com', 'already-lower@acme.com'],
    ['\u212Aim@Acme.com', '\u212Aim@acme.com'],
    ['\u0130NSTANBUL', '\u0130nstanbul'],
    ['ÀBC', 'Àbc'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(asciiLowerCase(input)).toBe(expected);
  });

  it('equals the A-Z-only definition for any string', () => {
    const unit = fc.oneof(fc.constantFrom('A', 'Z', 'a', 'z', '@', '.', '_', '0', '\u212A', '\u0130', 'À', 'Σ', '\u{1F600}'), fc.string({ maxLength: 1 }));
    fc.assert(fc.property(fc.array(unit, { maxLength: 20 }).map((units) => units.join('')), (text) => expect(asciiLowerCase(text)).toBe(reference(text))), { numRuns: 3000 });
  });
});
