// Which secret a policy's reference names. A provider's policy chooses its own token endpoint (the
// OIDC issuer or the social app), and Cognito sends the client secret there; so a reference to a
// secret another provider uses would hand that provider's secret to whoever controls this one's
// issuer. The validator and the stack both refuse two providers naming the same secret.
import type { IdentityProvider, SecretReference } from './schema-types.generated';

/** A Secrets Manager ARN: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-<6 random characters>]. */
const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;
/** Secrets Manager appends '-' and six random characters to a secret's name in its full ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The names a Secrets Manager secret_id may stand for: the name itself, or for an ARN the name it
 * carries with and without the random suffix (a partial ARN has none). Account and region are
 * ignored on purpose: a name reference resolves in the deploying account, so an ARN of the same
 * name may well be the same secret. Conservative: two different secrets 'x' and 'x-abcdef' can be
 * taken for one, and the validator then asks for a clearer name rather than risk a shared secret.
 */
function secretNames(secretId: string): string[] {
  const arn = SECRET_ARN.exec(secretId);
  if (!arn) return [secretId];
  const name = arn[1]!;
  const stripped = name.replace(ARN_SUFFIX, '');
  return stripped === name ? [name] : [name, stripped];
}

/** True when the two references can resolve to the same secret value (or one contains the other). */
export function sameSecret(a: SecretReference, b: SecretReference): boolean {
  if ('terraform_variable' in a || 'terraform_variable' in b) {
    return 'terraform_variable' in a && 'terraform_variable' in b && a.terraform_variable === b.terraform_variable;
  }
  const left = a.secrets_manager;
  const right = b.secrets_manager;
  const names = new Set(secretNames(left.secret_id));
  if (!secretNames(right.secret_id).some((name) => names.has(name))) return false;
  // A reference without json_key reads the whole secret string, every key of it included.
  return left.json_key === undefined || right.json_key === undefined || left.json_key === right.json_key;
}

/** How a reference is named in messages: never a value, only where it points. */
export function describeSecret(reference: SecretReference): string {
  if ('terraform_variable' in reference) return `Terraform variable '${reference.terraform_variable}'`;
  const { secret_id: secretId, json_key: jsonKey } = reference.secrets_manager;
  return jsonKey === undefined ? `Secrets Manager secret '${secretId}'` : `Secrets Manager secret '${secretId}' (key '${jsonKey}')`;
}

/** The one secret a provider's connection references (OIDC and social client_secret, Apple private_key), if any. */
export function providerSecret(provider: IdentityProvider): { readonly field: 'client_secret' | 'private_key'; readonly reference: SecretReference } | undefined {
  const connection = provider.connection;
  if (!connection) return undefined;
  if ('client_secret' in connection) return { field: 'client_secret', reference: connection.client_secret };
  if ('private_key' in connection) return { field: 'private_key', reference: connection.private_key };
  return undefined;
}
