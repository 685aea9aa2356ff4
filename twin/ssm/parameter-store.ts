// The slice of AWS Systems Manager Parameter Store the trigger reads: String and SecureString
// parameters, GetParameter and GetParameters (what the function calls), PutParameter and
// DeleteParameter (what the stack and an operator do; tests call them through the twin's API or the
// wire). Same endpoint as the Cognito twin, AWS JSON 1.1 with `X-Amz-Target: AmazonSSM.<Operation>`
// [DOC: Smithy AWS JSON 1.1 protocol]. The wire validates every request against SSM's official model
// (vendor/aws-model/ssm-2014-11-06.service-2.json: required members, lengths, the type enum, 1-10
// names) and checks every answer and error against it before this code runs or answers; only the
// rules the model's text states in prose are checked here (name characters, reserved prefixes).
// Encryption is not modelled: a SecureString read without WithDecryption returns an opaque
// stand-in for the ciphertext, never the value.

import { createHash } from 'node:crypto';
import { CognitoServiceError } from '../errors';
import type { ServedSsmOperation } from '../wire/served-operations';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterInput {
  readonly name: string;
  readonly value: string;
  /** Default 'String'. */
  readonly type?: ParameterType;
}

interface StoredParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly value: string;
  readonly version: number;
  readonly lastModified: number;
}

/** The HTTP status comes from SSM's model on the wire (a `fault` shape: 500; the rest: 400). */
const err = (type: string, message: string) => new CognitoServiceError(type, message);

/** [DOC] SSM API reference: names are 1-2048 characters of a-zA-Z0-9_.-/ ; "aws" and "ssm" prefixes are reserved. */
const NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const RESERVED = /^\/?(aws|ssm)/i;

export const ssmErrors = {
  /** [DOC] type from the SSM API reference (GetParameter); [INF] message. */
  parameterNotFound: () => err('ParameterNotFound', ''),
  /** [DOC] type (PutParameter); [INF] message. */
  alreadyExists: () => err('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'),
  /** [DOC] ValidationException for constraint failures, in the shape of the Cognito twin's validation messages [INF]. */
  validation: (message: string) => err('ValidationException', message),
  /** [DOC] SSM's throttling error type is ThrottlingException ("Rate exceeded") [OBS, widely logged]. */
  throttled: () => err('ThrottlingException', 'Rate exceeded'),
  /** [MODEL] InternalServerError, a fault (HTTP 500) [INF message]. */
  internal: () => err('InternalServerError', 'Internal server error'),
};

export class ParameterStore {
  private readonly parameters = new Map<string, StoredParameter>();

  constructor(private readonly region: string) {}

  /** What the stack's aws_ssm_parameter, or an operator's put-parameter, does. Overwrites. */
  put(input: ParameterInput): void {
    checkName(input.name);
    const previous = this.parameters.get(input.name);
    this.parameters.set(input.name, {
      name: input.name,
      type: input.type ?? 'String',
      value: input.value,
      version: (previous?.version ?? 0) + 1,
      lastModified: Date.now(),
    });
  }

  delete(name: string): void {
    this.parameters.delete(name);
  }

  /** One wire request, already validated against the model (required members, lengths, enums). */
  handle(operation: ServedSsmOperation, input: Record<string, unknown>): unknown {
    switch (operation) {
      case 'GetParameter': {
        const name = input['Name'] as string;
        const parameter = this.parameters.get(name);
        if (!parameter) throw ssmErrors.parameterNotFound();
        return { Parameter: this.render(parameter, input['WithDecryption'] === true) };
      }
      case 'GetParameters': {
        const found: unknown[] = [];
        const invalid: string[] = [];
        for (const name of new Set(input['Names'] as string[])) {
          const parameter = this.parameters.get(name);
          if (parameter) found.push(this.render(parameter, input['WithDecryption'] === true));
          else invalid.push(name);
        }
        return { Parameters: found, InvalidParameters: invalid };
      }
      case 'PutParameter': {
        const name = input['Name'] as string;
        if (this.parameters.has(name) && input['Overwrite'] !== true) throw ssmErrors.alreadyExists();
        this.put({ name, value: input['Value'] as string, type: (input['Type'] as ParameterType | undefined) ?? 'String' });
        const version = this.parameters.get(name)?.version ?? 1;
        return { Version: version, Tier: 'Standard' };
      }
      case 'DeleteParameter': {
        const name = input['Name'] as string;
        if (!this.parameters.delete(name)) throw ssmErrors.parameterNotFound();
        return {};
      }
    }
  }

  private render(parameter: StoredParameter, decrypt: boolean) {
    const hidden = parameter.type === 'SecureString' && !decrypt;
    return {
      Name: parameter.name,
      Type: parameter.type,
      Value: hidden ? ciphertext(parameter.value) : parameter.value,
      Version: parameter.version,
      LastModifiedDate: parameter.lastModified / 1000,
      ARN: `arn:aws:ssm:${this.region}:000000000000:parameter${parameter.name.startsWith('/') ? '' : '/'}${parameter.name}`,
      DataType: 'text',
    };
  }
}

function checkName(name: string): void {
  if (!NAME.test(name) || RESERVED.test(name)) throw ssmErrors.validation(`Parameter name ${JSON.stringify(name)} is not valid.`);
}

/** Stands in for KMS ciphertext: stable for a value, reveals nothing of it. */
function ciphertext(value: string): string {
  return Buffer.from(`twin-kms:${createHash('sha256').update(value).digest('hex')}`).toString('base64');
}
