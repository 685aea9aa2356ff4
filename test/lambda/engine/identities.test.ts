import { holdsIdentity, identitiesOf, parseIdentities } from '../../../lambda/engine/identities';

describe('the identities attribute (a JSON string, docs/cognito-facts.md §2)', () => {
  it('parses the documented shape', () => {
    const raw = '[{"userId":"AD\\\\rumesh","providerName":"ADFS","providerType":"SAML","issuer":"urn:x","primary":false,"dateCreated":1}]';
    expect(parseIdentities(raw)).toEqual([{ providerName: 'ADFS', userId: 'AD\\rumesh' }]);
  });

  it('absent -> undefined; not a JSON array -> undefined; bad elements are skipped', () => {
    expect(parseIdentities(undefined)).toBeUndefined();
    expect(parseIdentities('{')).toBeUndefined();
    expect(parseIdentities('{"userId":"x"}')).toBeUndefined();
    expect(parseIdentities('[null, 1, {"userId": 2, "providerName": "X"}, {"userId":"s","providerName":"P"}]')).toEqual([{ providerName: 'P', userId: 's' }]);
    expect(parseIdentities('[]')).toEqual([]);
  });

  it('holdsIdentity is exact in provider and subject; identitiesOf ignores the provider case', () => {
    const identities = [{ providerName: 'AcmeEntraID', userId: 'AbC' }];
    expect(holdsIdentity(identities, 'AcmeEntraID', 'AbC')).toBe(true);
    expect(holdsIdentity(identities, 'AcmeEntraID', 'abc')).toBe(false);
    expect(holdsIdentity(identities, 'acmeentraid', 'AbC')).toBe(false);
    expect(identitiesOf(identities, 'acmeentraid')).toHaveLength(1);
  });
});
