// Responses carry only members the model defines, with the model's JSON types: the server checks
// every answer against the operation's output shape before sending it, and an answer that breaks
// the model is a twin defect (answered as such), never something the SDK silently drops.

import { COGNITO_MODEL, operationEntry, shape, type ServiceModel } from './service-model';

function problems(model: ServiceModel, shapeName: string, value: unknown, path: string, found: string[]): void {
  const entry = shape(shapeName, model);
  const wrong = (expected: string) => found.push(`${path || 'the response'} is ${Array.isArray(value) ? 'a list' : typeof value}, the model says ${expected}`);
  switch (entry.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void wrong('a structure');
      for (const [member, memberValue] of Object.entries(value)) {
        const memberShape = entry.members[member];
        const memberPath = path ? `${path}.${member}` : member;
        if (memberShape === undefined) found.push(`${memberPath} is not a member of ${shapeName}`);
        else if (memberValue !== undefined) problems(model, memberShape, memberValue, memberPath, found);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void wrong('a list');
      value.forEach((item, index) => problems(model, entry.member, item, `${path}[${index}]`, found));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void wrong('a map');
      for (const [key, item] of Object.entries(value)) problems(model, entry.value, item, `${path}.${key}`, found);
      return;
    case 'string':
    case 'blob':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) wrong('an integer');
      return;
    case 'timestamp':
    case 'double':
    case 'float':
      if (typeof value !== 'number') wrong('a number');
      return;
  }
}

/** What in this answer the model does not define ([] when it conforms). */
export function responseProblems(operation: string, output: unknown, model: ServiceModel = COGNITO_MODEL): string[] {
  const outputShape = operationEntry(operation, model).output;
  const found: string[] = [];
  if (outputShape === undefined) {
    if (typeof output === 'object' && output !== null && Object.keys(output).length > 0) found.push(`${operation} has no output in the model`);
    return found;
  }
  problems(model, outputShape, output, '', found);
  return found;
}
