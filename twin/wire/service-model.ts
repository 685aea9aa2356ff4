// The service model as the wire layer uses it: the generated table (service-model.generated.ts,
// from vendor/aws-model/) and the questions the server asks of it. Nothing here is typed by hand:
// constraints, error lists and output members all come from Cognito's official model.

import { ERRORS, OPERATIONS, SHAPES } from './service-model.generated';
import { SERVED_OPERATIONS, type ServedOperation } from './served-operations';

interface Sensitive {
  /** MODEL `sensitive`: validation messages print no value (and neither does anything the twin logs). */
  readonly sensitive?: true;
}

export type ShapeEntry =
  | (Sensitive & { readonly type: 'structure'; readonly members: Readonly<Record<string, string>>; readonly required?: readonly string[] })
  | (Sensitive & { readonly type: 'list'; readonly member: string; readonly min?: number; readonly max?: number })
  | (Sensitive & { readonly type: 'map'; readonly key: string; readonly value: string; readonly min?: number; readonly max?: number })
  | (Sensitive & {
      readonly type: 'string';
      readonly min?: number;
      readonly max?: number;
      /** The model's (Java) pattern, as AWS prints it in validation messages. */
      readonly pattern?: string;
      /** The same pattern for JavaScript (flags `u`, plus `s` for Java's `(?s)`), whole-value match. */
      readonly js?: string;
      readonly flags?: string;
      readonly enum?: readonly string[];
    })
  | (Sensitive & { readonly type: 'integer' | 'long'; readonly min?: number; readonly max?: number })
  | (Sensitive & { readonly type: 'boolean' | 'timestamp' | 'blob' | 'double' | 'float' });

export interface OperationEntry {
  readonly input: string;
  readonly output?: string;
  /** The error shapes the model lists for the operation. */
  readonly errors: readonly string[];
}

export interface ErrorEntry {
  /** MODEL `fault`: a server-side error (5xx). */
  readonly server?: true;
  /** The status the Smithy model (aws/api-models-aws) gives it, where that model has the shape. */
  readonly smithyStatus?: number;
}

export function isServed(operation: string): operation is ServedOperation {
  return (SERVED_OPERATIONS as readonly string[]).includes(operation);
}

export function operationEntry(operation: ServedOperation): OperationEntry {
  return OPERATIONS[operation];
}

export function shape(name: string): ShapeEntry {
  const found = (SHAPES as Readonly<Record<string, ShapeEntry>>)[name];
  if (!found) throw new Error(`twin: shape ${name} is not in the generated service model (run npm run gen:twin-model)`);
  return found;
}

export function errorEntry(type: string): ErrorEntry | undefined {
  return (ERRORS as Readonly<Record<string, ErrorEntry>>)[type];
}
