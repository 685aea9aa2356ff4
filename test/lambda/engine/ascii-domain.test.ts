// toAsciiDomain (lambda/engine/email.ts) skips node:url's domainToASCII for plain host names; it
// must answer exactly as domainToASCII does, for every input.
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { toAsciiDomain } from '../../../lambda/engine/email';

describe('toAsciiDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['eu.acme-corp.co.uk', 'eu.acme-corp.co.uk'],
    ['0xa', '0.0.0.10'],
    ['1.2.3.4', '1.2.3.4'],
    ['acme.123', ''],
    ['acme.0x1f', ''],
    ['xn--abc.com', ''],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['-acme.com', '-acme.com'],
    ['acme.com.', 'acme.com.'],
    ['a..b', 'a..b'],
    ['ACME.com', 'acme.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['ａｃｍｅ.com', 'acme.com'],
    ['', ''],
  ])('%j -> %j, as domainToASCII', (input, expected) => {
    expect(domainToASCII(input)).toBe(expected);
    expect(toAsciiDomain(input)).toBe(expected);
  });

  it('agrees with domainToASCII over generated names', () => {
    const label = fc.stringMatching(/^(xn--)?[a-z0-9-]{0,12}$/);
    const oddLabel = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', '_', 'ü', 'ｅ', '\u200d', 'x', 'n'), maxLength: 8 });
    const name = fc.array(fc.oneof(label, label, oddLabel), { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(name, fc.boolean(), (domain, trailingDot) => {
        const input = trailingDot ? `${domain}.` : domain;
        expect(toAsciiDomain(input)).toBe(domainToASCII(input));
      }),
      { numRuns: 5000 },
    );
  });
});
