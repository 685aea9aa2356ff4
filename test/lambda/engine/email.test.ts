import { checkAssertedEmail, enforcementDomain, normaliseEmail } from '../../../lambda/engine/email';
import { acmeProvider, acmeTenant, globexProvider, globexTenant } from '../fixtures/policy-set';

describe('email normalisation', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Alice.Smith@ACME.com ')).toEqual({ ok: true, address: 'alice.smith@acme.com', domain: 'acme.com' });
  });

  it('converts an internationalised domain to punycode, as tenant domains are written', () => {
    expect(normaliseEmail('Jörg@Bücher.de')).toEqual({ ok: true, address: 'jörg@xn--bcher-kva.de', domain: 'xn--bcher-kva.de' });
  });

  it('email_missing for absent and blank values', () => {
    expect(normaliseEmail(undefined)).toEqual({ ok: false, reason: 'email_missing' });
    expect(normaliseEmail('   ')).toEqual({ ok: false, reason: 'email_missing' });
  });

  it.each([
    ['two @', 'a@evil.com@acme.com'],
    ['no @', 'alice.acme.com'],
    ['empty local part', '@acme.com'],
    ['empty domain', 'alice@'],
    ['newline', 'alice@acme.com\nx'],
    ['NUL', 'alice\u0000@acme.com'],
    ['bidi override', 'alice@\u202emoc.emca'],
    ['zero-width space', 'alice@ac\u200bme.com'],
    ['domain that is not a host name', 'alice@ac"me.com'],
    ['trailing dot', 'alice@acme.com.'],
    ['empty label', 'alice@acme..com'],
  ])('email_invalid: %s', (_label, raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, reason: 'email_invalid' });
  });

  it('lower-cases A-Z only in the local part (review finding 11)', () => {
    expect(normaliseEmail('\u212Aim@acme.com')).toEqual({ ok: true, address: '\u212Aim@acme.com', domain: 'acme.com' });
  });

  it('keeps quotes and backslashes of the local part (they are escaped in the filter, not here)', () => {
    expect(normaliseEmail('a"b\\c@acme.com')).toEqual({ ok: true, address: 'a"b\\c@acme.com', domain: 'acme.com' });
  });
});

describe('the domain for blocking decisions, read leniently (review finding 9)', () => {
  it.each([
    ['a trailing dot', 'bob@acme.com.', 'acme.com'],
    ['several trailing dots', 'bob@acme.com..', 'acme.com'],
    ['a quoted local part holding @', '"a@b"@acme.com', 'acme.com'],
    ['upper case', 'BOB@ACME.COM', 'acme.com'],
    ['surrounding blanks', '  bob@acme.com ', 'acme.com'],
    ['an internationalised domain', 'jörg@Bücher.de', 'xn--bcher-kva.de'],
    ['full-width letters', 'bob@ａｃｍｅ.com', 'acme.com'],
    ['an ideographic full stop', 'bob@acme\u3002com', 'acme.com'],
    ['a zero-width space (IDNA ignores it)', 'bob@acme.com\u200b', 'acme.com'],
    ['a subdomain (kept: tenantForDomain walks up)', 'bob@eu.acme.com', 'eu.acme.com'],
  ])('%s', (_label, raw, domain) => {
    expect(enforcementDomain(raw)).toBe(domain);
  });

  it('undefined without an email or a domain IDNA can read', () => {
    for (const raw of [undefined, '', '   ', 'no-at-sign.acme.com', 'bob@', 'bob@...', 'bob@acme.com\u0000', 'bob@[10.0.0.1]']) {
      expect(enforcementDomain(raw)).toBeUndefined();
    }
  });

  it('while linking stays strict: the same inputs are email_invalid there', () => {
    for (const raw of ['bob@acme.com.', '"a@b"@acme.com']) expect(normaliseEmail(raw)).toEqual({ ok: false, reason: 'email_invalid' });
  });
});

describe('gates on the IdP-asserted email (docs/cognito-facts.md §11)', () => {
  const acme = acmeTenant();
  const globex = globexTenant();

  it('passes an email in the tenant domains from a provider trusted always', () => {
    expect(checkAssertedEmail({ email: 'Alice@Acme.com' }, acmeProvider(), acme)).toEqual({ ok: true, email: 'alice@acme.com', domain: 'acme.com' });
  });

  it('domain_not_owned outside the tenant domains, including subdomains and look-alikes', () => {
    for (const email of ['alice@evil.com', 'alice@sub.acme.com', 'alice@acme.com.evil.com', 'alice@globex.example', 'alice@xn--acme-xyz.com']) {
      expect(checkAssertedEmail({ email }, acmeProvider(), acme)).toMatchObject({ ok: false, reason: 'domain_not_owned' });
    }
  });

  it('email_verified_claim needs exactly "true"; Cognito\'s "false" placeholder and anything else fail', () => {
    const provider = globexProvider();
    expect(checkAssertedEmail({ email: 'bob@globex.example', email_verified: 'true' }, provider, globex).ok).toBe(true);
    for (const verified of [undefined, 'false', 'TRUE', 'True', '1', 'yes']) {
      const attributes: Record<string, string> = { email: 'bob@globex.example' };
      if (verified !== undefined) attributes.email_verified = verified;
      expect(checkAssertedEmail(attributes, provider, globex)).toMatchObject({ ok: false, reason: 'email_unverified', domain: 'globex.example' });
    }
  });

  it('email_untrusted for email_trust never', () => {
    const provider = { ...acmeProvider(), email_trust: 'never' as const };
    expect(checkAssertedEmail({ email: 'alice@acme.com' }, provider, acme)).toMatchObject({ ok: false, reason: 'email_untrusted' });
  });

  it('email_missing and email_invalid come before the domain check', () => {
    expect(checkAssertedEmail({}, acmeProvider(), acme)).toEqual({ ok: false, reason: 'email_missing' });
    expect(checkAssertedEmail({ email: 'x@y@acme.com' }, acmeProvider(), acme)).toEqual({ ok: false, reason: 'email_invalid' });
  });
});
