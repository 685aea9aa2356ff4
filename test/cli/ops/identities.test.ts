// The `identities` attribute as the operator commands show it (docs/cognito-facts.md §2): the
// trigger's parser decides which elements count, the commands add type, primary and link date.
import { userIdentities } from '../../../cli/ops/identities';

describe('userIdentities', () => {
  it('keeps providerType, primary and dateCreated as AdminGetUser returns them (LINKING example)', () => {
    const identities = JSON.stringify([
      { userId: 'AD\\rumesh', providerName: 'ADFS', providerType: 'SAML', issuer: 'urn:x', primary: false, dateCreated: 1_700_000_000_000 },
    ]);
    expect(userIdentities({ identities })).toEqual([{ providerName: 'ADFS', userId: 'AD\\rumesh', providerType: 'SAML', primary: false, dateCreated: 1_700_000_000_000 }]);
  });

  it('reads "primary":"true" and string dates, as ID-token dumps show them', () => {
    const identities = '[{"userId":"108","providerName":"Google","providerType":"Google","primary":"true","dateCreated":"1700000000000"}]';
    expect(userIdentities({ identities })).toEqual([{ providerName: 'Google', userId: '108', providerType: 'Google', primary: true, dateCreated: 1_700_000_000_000 }]);
  });

  it('absent -> []; unreadable -> undefined; elements without string providerName and userId are skipped, as the trigger skips them', () => {
    expect(userIdentities({})).toEqual([]);
    expect(userIdentities({ identities: '{' })).toBeUndefined();
    expect(userIdentities({ identities: '{"userId":"x"}' })).toBeUndefined();
    expect(userIdentities({ identities: '[null, 1, ["P", "s"], {"userId": 2, "providerName": "X"}, {"userId":"s","providerName":"P"}]' })).toEqual([
      { providerName: 'P', userId: 's', primary: false },
    ]);
  });
});
