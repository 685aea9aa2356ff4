// Which errors an operation may answer, and with which HTTP status. Both come from the service
// model: an operation answers only the error shapes the model lists for it, plus the protocol's own
// errors and the documented exceptions below; anything else is a twin defect, answered as one (so
// every test that reaches it fails). Statuses: server faults 500; client errors 400 as Cognito is
// observed to send them, or, with switch (m) `errorStatusCodes: smithy_model`, the Smithy model's
// `httpError` (403 NotAuthorized/Forbidden, 404 UserNotFound/ResourceNotFound, 429 TooManyRequests).

import { CognitoServiceError } from '../errors';
import type { TwinSwitches } from '../switches';
import { COGNITO_MODEL, errorEntry, operationEntry, type ServiceModel } from './service-model';
import type { ServedOperation } from './served-operations';

/** Coral's answers before any operation runs (unknown target, unreadable body): valid for every operation. */
export const PROTOCOL_ERRORS: readonly string[] = ['com.amazon.coral.service#UnknownOperationException', 'com.amazon.coral.service#SerializationException'];

/**
 * Errors the model's text documents for an operation although its error list omits them. Each
 * names the sentence that documents it. Only these: any other unlisted error is a twin defect.
 */
export const DOCUMENTED_EXCEPTIONS: Readonly<Partial<Record<ServedOperation, Readonly<Record<string, string>>>>> = {
  AdminCreateUser: {
    AliasExistsException: 'MODEL AdminCreateUser ForceAliasCreation: "If this parameter is set to False, the API throws an AliasExistsException error if the alias already exists."',
  },
};

export function errorListed(operation: string, type: string, model: ServiceModel = COGNITO_MODEL): boolean {
  return (
    PROTOCOL_ERRORS.includes(type) ||
    model.commonErrors.includes(type) ||
    operationEntry(operation, model).errors.includes(type) ||
    (model === COGNITO_MODEL && DOCUMENTED_EXCEPTIONS[operation as ServedOperation]?.[type] !== undefined)
  );
}

/** The error the wire sends: the error itself when the model allows it, else a twin defect naming it. */
export function answerFor(operation: string | undefined, error: CognitoServiceError, model: ServiceModel = COGNITO_MODEL): CognitoServiceError {
  if (operation === undefined || errorListed(operation, error.type, model)) return error;
  return new CognitoServiceError(
    model.internalError,
    `Twin defect: ${operation} answered ${error.type} (${error.message}), which the model does not list for ${operation}`,
  );
}

export function httpStatus(type: string, mode: TwinSwitches['errorStatusCodes'], model: ServiceModel = COGNITO_MODEL): number {
  const entry = errorEntry(type, model);
  if (entry?.server) return 500;
  if (mode === 'smithy_model' && entry?.smithyStatus !== undefined) return entry.smithyStatus;
  return 400;
}
