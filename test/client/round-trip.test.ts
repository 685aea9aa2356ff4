// The client helper reads exactly what the trigger writes, once Cognito has wrapped it.
import fc from 'fast-check';
import { parseTriggerError } from '../../client';
import { refusal, refusalText, USERNAME_RESERVED_MESSAGE, usernameReserved, type RefusalCode } from '../../lambda/engine/refusal';

const codes: RefusalCode[] = ['SSO_REQUIRED', 'ACCOUNT_LINKED', 'LINK_DENIED', 'TRY_AGAIN', 'USERNAME_RESERVED'];
const providerName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_][A-Za-z0-9.-]{1,20}$/);
const message = fc.string({ minLength: 1, maxLength: 120 }).filter((m) => m.trim() !== '');

describe('trigger refusal -> Cognito wrapper -> client', () => {
  it('the USERNAME_RESERVED text the trigger throws reads back exactly', () => {
    const description = `PreSignUp failed with error ${refusalText(usernameReserved())}.`;
    expect(parseTriggerError(description)).toEqual({ kind: 'refusal', code: 'USERNAME_RESERVED', message: USERNAME_RESERVED_MESSAGE });
  });

  it('recovers the code, the provider and the message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.option(providerName, { nil: undefined }), message, fc.constantFrom('PreSignUp', 'PreAuthentication'), (code, provider, text, trigger) => {
        const thrown = refusalText(refusal(code, text, provider));
        const description = `${trigger} failed with error ${thrown}.`;
        const parsed = parseTriggerError(description);
        expect(parsed).toMatchObject({ kind: 'refusal', code, ...(provider ? { provider } : {}) });
        const normalised = text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
        if (parsed?.kind === 'refusal') expect(parsed.message).toBe(normalised === '' ? '' : `${normalised}.`);
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
