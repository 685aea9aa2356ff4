// The service models as the wire layer uses them: the generated tables (service-model.generated.ts
// for Cognito, ssm-model.generated.ts for Systems Manager, both from vendor/aws-model/) and the
// questions the server asks of them. Nothing here is typed by hand: constraints, error lists and
// output members all come from the official models; the only per-service facts below are the
// validation error's name and the errors the service answers to any operation.

import { ERRORS, OPERATIONS, SHAPES } from './service-model.generated';
import * as ssm from './ssm-model.generated';
import { SERVED_OPERATIONS, SERVED_SSM_OPERATIONS, type ServedOperation, type ServedSsmOperation } from './served-operations';

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

/** One service the wire serves: its generated tables and the two facts its model does not hold. */
export interface ServiceModel<Operation extends string = string> {
  readonly service: string;
  readonly served: readonly Operation[];
  readonly operations: Readonly<Record<Operation, OperationEntry>>;
  readonly errors: Readonly<Record<string, ErrorEntry>>;
  readonly shapes: Readonly<Record<string, ShapeEntry>>;
  /** The error a request breaking the model's constraints is answered with. */
  readonly validationError: string;
  /** Errors the service may answer to any operation although no operation lists them. */
  readonly commonErrors: readonly string[];
  /** The service's own server fault (a shape its model marks `fault`), which a twin defect is answered as. */
  readonly internalError: string;
}

export const COGNITO_MODEL: ServiceModel<ServedOperation> = {
  service: 'cognito-idp',
  served: SERVED_OPERATIONS,
  operations: OPERATIONS,
  errors: ERRORS,
  shapes: SHAPES,
  // [OBS aws-sdk-net #3565] "InvalidParameterException: 1 validation error detected: …"
  validationError: 'InvalidParameterException',
  commonErrors: [],
  internalError: 'InternalErrorException',
};

export const SSM_MODEL: ServiceModel<ServedSsmOperation> = {
  service: 'ssm',
  served: SERVED_SSM_OPERATIONS,
  operations: ssm.OPERATIONS,
  errors: ssm.ERRORS,
  shapes: ssm.SHAPES,
  // [DOC] SSM API reference, Common Errors: ValidationError ("The input fails to satisfy the
  // constraints specified by an AWS service") and ThrottlingException, both 400, for every action;
  // JSON services answer the former as `ValidationException` [OBS: SSM error text in public logs].
  validationError: 'ValidationException',
  commonErrors: ['ThrottlingException', 'ValidationException'],
  internalError: 'InternalServerError',
};

export function isServed(operation: string): operation is ServedOperation {
  return (SERVED_OPERATIONS as readonly string[]).includes(operation);
}

export function isServedBy<Operation extends string>(model: ServiceModel<Operation>, operation: string): operation is Operation {
  return (model.served as readonly string[]).includes(operation);
}

export function operationEntry(operation: string, model: ServiceModel = COGNITO_MODEL): OperationEntry {
  const found = (model.operations as Readonly<Record<string, OperationEntry>>)[operation];
  if (!found) throw new Error(`twin: ${model.service} ${operation} is not a served operation`);
  return found;
}

export function shape(name: string, model: ServiceModel = COGNITO_MODEL): ShapeEntry {
  const found = model.shapes[name];
  if (!found) throw new Error(`twin: shape ${name} is not in the generated ${model.service} model (run npm run gen:twin-model)`);
  return found;
}

export function errorEntry(type: string, model: ServiceModel = COGNITO_MODEL): ErrorEntry | undefined {
  return model.errors[type];
}
