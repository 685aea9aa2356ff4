// Literal secrets are found wherever they are pasted, and identifiers are not mistaken for them.
import { secretKind } from '../../policy/secrets';
import { errors, load, tenant } from './helpers';

describe('secretKind', () => {
  test.each([
    ['-----BEGIN PRIVATE KEY-----\nMIIEvQ...', 'private_key', 'a PEM key or certificate block'],
    ['https://admin:s3cret@idp.acme.com/metadata', 'metadata_url', 'a URL with a password in it'],
    ['AKIAIOSFODNN7EXAMPLE', 'client_id', 'an AWS access key id'],
    ['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', 'sso_required', 'a long random token'],
    ['please use 8f14e45fceea167a5a36dedd4bea2543a1b2c3d4 to sign in', 'link_denied', 'a long random token'],
  ])('%s is a secret', (text, field, kind) => {
    expect(secretKind(text, field)).toBe(kind);
  });

  test.each([
    ['0oa9globexcognito4x7Ab3Cd5Ef7Gh9', 'client_id'],
    ['123456789012-lumenexamplecognito.apps.googleusercontent.com', 'client_id'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/okta-AbCdEf', 'secret_id'],
    ['6f1b3c2a-0d4e-4b7a-9c1e-2a5d7e8f9a0b', 'usernames'],
    ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'custom:idp_sub'],
    ['Acme uses single sign-on. Choose "Sign in with Acme" and use your work account.', 'sso_required'],
    ['ThisIsALongCamelCaseWordWithoutDigits', 'display_name'],
  ])('%s is not a secret', (text, field) => {
    expect(secretKind(text, field)).toBeUndefined();
  });
});

test('a secret under any key is reported at its position, without echoing it', () => {
  const text = tenant('acme', 'messages:\n  link_denied: "token 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"\n');
  const result = load({ 'acme.yaml': text });
  expect(errors(result)).toEqual([
    'policies/acme.yaml:22:16 secret.literal: link_denied looks like a literal secret (a long random token); policy files may only reference secrets',
  ]);
  expect(JSON.stringify(result)).not.toContain('GOCSPX');
});

test('secrets are found under unknown keys too, and the unknown key is still reported', () => {
  const text = tenant('acme').replace('  display_name: acme\n', '  display_name: acme\n  client_secret: "-----BEGIN RSA PRIVATE KEY-----"\n');
  expect(errors(load({ 'acme.yaml': text }))).toEqual([
    "policies/acme.yaml:5:3 schema.unknown-key: unknown key 'client_secret' in tenant",
    'policies/acme.yaml:5:18 secret.literal: client_secret looks like a literal secret (a PEM key or certificate block); policy files may only reference secrets',
  ]);
});

test('a value reported as a secret gets no second error about its shape', () => {
  const text = tenant('acme').replace('display_name: acme', 'display_name: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE"');
  expect(errors(load({ 'acme.yaml': text }))).toEqual([
    'policies/acme.yaml:4:17 secret.literal: display_name looks like a literal secret (a PEM key or certificate block); policy files may only reference secrets',
  ]);
});

test('a secret where a mapping belongs fails the file without reaching the semantic checks', () => {
  const text = tenant('acme').replace(/tenant:\n(?: {2}.*\n)+/, 'tenant: "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"\n');
  expect(errors(load({ 'acme.yaml': text }))).toEqual([
    'policies/acme.yaml:2:9 secret.literal: tenant looks like a literal secret (a long random token); policy files may only reference secrets',
  ]);
});
