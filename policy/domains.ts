// Email domain helpers: punycode validity, parent domains, and look-alike detection.
import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Cyrillic and Greek lower-case letters that render like a Latin letter in common fonts, mapped to
 * that letter. A deliberately small table (a subset of Unicode's confusables.txt for these two
 * scripts): enough to catch 'аcme.com' (Cyrillic а) posing as 'acme.com' in a tenant file.
 */
export const CONFUSABLE_LETTERS: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', // U+0430
  с: 'c', // U+0441
  ԁ: 'd', // U+0501
  е: 'e', // U+0435
  һ: 'h', // U+04BB
  і: 'i', // U+0456
  ј: 'j', // U+0458
  ӏ: 'l', // U+04CF
  о: 'o', // U+043E
  р: 'p', // U+0440
  ԛ: 'q', // U+051B
  ѕ: 's', // U+0455
  ԝ: 'w', // U+051D
  х: 'x', // U+0445
  у: 'y', // U+0443
  ү: 'y', // U+04AF
  // Greek
  α: 'a', // U+03B1
  ϲ: 'c', // U+03F2
  ι: 'i', // U+03B9
  ϳ: 'j', // U+03F3
  κ: 'k', // U+03BA
  η: 'n', // U+03B7
  ο: 'o', // U+03BF
  ρ: 'p', // U+03C1
  υ: 'u', // U+03C5
  ν: 'v', // U+03BD
  χ: 'x', // U+03C7
  γ: 'y', // U+03B3
};

/** True when the domain has punycode labels. */
export function isInternationalised(domain: string): boolean {
  return domain.split('.').some((label) => label.startsWith('xn--'));
}

/** The Unicode form of a punycode domain, or undefined when it does not decode and re-encode to itself. */
export function decodePunycode(domain: string): string | undefined {
  const unicode = domainToUnicode(domain);
  if (unicode === '' || domainToASCII(unicode) !== domain) return undefined;
  return unicode;
}

/** What a domain looks like on screen: confusable letters replaced by the Latin letters they imitate. */
export function lookAlikeSkeleton(unicodeDomain: string): string {
  let skeleton = '';
  for (const character of unicodeDomain.toLowerCase()) skeleton += CONFUSABLE_LETTERS[character] ?? character;
  return skeleton;
}

/** 'a.b.acme.com' -> ['b.acme.com', 'acme.com']: the parents that can be email domains (two labels or more). */
export function parentDomains(domain: string): string[] {
  const labels = domain.split('.');
  const parents: string[] = [];
  for (let start = 1; start <= labels.length - 2; start += 1) parents.push(labels.slice(start).join('.'));
  return parents;
}
