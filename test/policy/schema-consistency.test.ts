// The schemas are the single source of truth: the compiler's defaults, the pattern explanations and
// the TypeScript types must agree with them.
import type { AnySchemaObject } from 'ajv/dist/2020';
import { DEFAULT_MESSAGES } from '../../policy/compiled';
import { POLICY_DEFAULTS, POOL_DEFAULTS } from '../../policy/defaults';
import { SCHEMAS } from '../../policy/schemas';

const tenantDefs = SCHEMAS.tenant.$defs as Record<string, AnySchemaObject>;
const poolDefs = SCHEMAS.pool.$defs as Record<string, AnySchemaObject>;
const props = (schema: AnySchemaObject) => schema.properties as Record<string, AnySchemaObject>;

describe('schema defaults equal the compiler defaults', () => {
  test('linking', () => {
    const linking = props(tenantDefs.Linking!);
    expect(linking.match!.default).toEqual({ attribute: POLICY_DEFAULTS.match.attribute });
    expect(props(tenantDefs.Match!).case!.default).toBe(POLICY_DEFAULTS.match.case);
    expect(props(tenantDefs.ExistingUserRequirements!).require_verified!.default).toBe(POLICY_DEFAULTS.existing_user.require_verified);
    expect(props(tenantDefs.ExistingUserRequirements!).statuses!.default).toEqual(POLICY_DEFAULTS.existing_user.statuses);
    expect(linking.on_no_match!.default).toBe(POLICY_DEFAULTS.on_no_match);
    expect(linking.on_multiple_matches!.default).toBe(POLICY_DEFAULTS.on_multiple_matches);
    expect(linking.after_link!.default).toBe(POLICY_DEFAULTS.after_link);
    expect(linking.on_cognito_unavailable!.default).toBe(POLICY_DEFAULTS.on_cognito_unavailable);
  });

  test('native login and messages', () => {
    const nativeLogin = props(tenantDefs.NativeLogin!);
    expect(nativeLogin.password_sign_up!.default).toBe(POLICY_DEFAULTS.password_sign_up);
    expect(nativeLogin.admin_create_user!.default).toBe(POLICY_DEFAULTS.admin_create_user);
    const messages = Object.fromEntries(Object.entries(props(tenantDefs.Messages!)).map(([key, schema]) => [key, schema.default]));
    expect(messages).toEqual(DEFAULT_MESSAGES);
  });

  test('pool settings', () => {
    const unknown = props(SCHEMAS.pool).unknown_provider!;
    expect(unknown.default).toEqual({ action: POOL_DEFAULTS.unknown_provider.action });
    expect(props(unknown).message!.default).toBe(POOL_DEFAULTS.unknown_provider.message);
    expect(props(poolDefs.AppClient!).password_flows!.default).toEqual(POOL_DEFAULTS.password_flows);
    expect(props(poolDefs.AppClient!).generate_secret!.default).toBe(POOL_DEFAULTS.generate_secret);
  });
});

test('every pattern in the schemas is explained in words (patternErrorMessage)', () => {
  const unexplained: string[] = [];
  const stack: Array<[unknown, string]> = [
    [SCHEMAS.tenant, 'tenant'],
    [SCHEMAS.pool, 'pool'],
  ];
  while (stack.length > 0) {
    const [node, where] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const schema = node as AnySchemaObject;
    if (typeof schema.pattern === 'string' && typeof schema.patternErrorMessage !== 'string') unexplained.push(where);
    for (const [key, child] of Object.entries(schema)) stack.push([child, `${where}/${key}`]);
  }
  expect(unexplained).toEqual([]);
});
