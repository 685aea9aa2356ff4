import { Construct } from 'constructs';
import type { SecretReference } from '../policy/schema-types.generated';
import { describeSecret, sameSecret } from '../policy/secret-references';
import { readableAddress, terraformName } from './addresses';
import { DataAwsSecretsmanagerSecretVersion } from './cdktf';
import type { StackVariables } from './stack-variables';

/**
 * Turns a policy's secret reference into a Terraform expression. Policies never hold a secret:
 * only the name of a sensitive variable, or a Secrets Manager secret read at plan time.
 */
export class SecretValues extends Construct {
  private readonly versions = new Map<string, DataAwsSecretsmanagerSecretVersion>();
  private readonly addresses = new Set<string>();
  /** Every reference resolved so far, with its provider: a secret belongs to one provider. */
  private readonly owners: Array<{ readonly reference: SecretReference; readonly usedBy: string }> = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly variables: StackVariables,
  ) {
    super(scope, id);
  }

  /**
   * `usedBy` names the provider in messages and variable descriptions. Refuses a secret another
   * provider already uses (the validator's cross.secret-shared, asserted again for compiled sets
   * given to the construct directly): Cognito would send it to this provider's endpoint.
   */
  expressionFor(reference: SecretReference, usedBy: string): string {
    const owner = this.owners.find((other) => other.usedBy !== usedBy && sameSecret(other.reference, reference));
    if (owner) {
      throw new Error(`${usedBy}: ${describeSecret(reference)} is already the secret of ${owner.usedBy}; a secret belongs to one provider`);
    }
    this.owners.push({ reference, usedBy });
    if ('terraform_variable' in reference) return this.variables.secret(reference.terraform_variable, usedBy);
    const { secret_id: secretId, json_key: jsonKey } = reference.secrets_manager;
    const version = this.version(secretId);
    if (jsonKey === undefined) return version.secretString;
    // Index syntax with a quoted key (cdktf's Fn.lookup leaves quotes in keys unescaped). No
    // default: a key missing from the secret fails the plan instead of configuring an empty value.
    return `\${jsondecode(${version.fqn}.secret_string)[${hclString(jsonKey, usedBy)}]}`;
  }

  private version(secretId: string): DataAwsSecretsmanagerSecretVersion {
    let version = this.versions.get(secretId);
    if (!version) {
      // Readable and stable addresses: a secret's data source keeps its address when tenants are
      // added. A data source holds no state, so it needs no moved block from its old address.
      const base = terraformName(secretId, 'secret');
      let address = base;
      for (let n = 2; this.addresses.has(address); n++) address = `${base}_${n}`;
      this.addresses.add(address);
      version = new DataAwsSecretsmanagerSecretVersion(this, address, { secretId });
      readableAddress(version, address);
      this.versions.set(secretId, version);
    }
    return version;
  }
}

/** A quoted HCL string literal: quotes and backslashes escaped, template sequences made literal. */
function hclString(value: string, usedBy: string): string {
  if (/\p{Cc}/u.test(value)) throw new Error(`${usedBy}: json_key contains a control character`);
  const escaped = value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/([$%])\{/g, '$1$1{');
  return `"${escaped}"`;
}
