// Request validation against the service model's constraints, walked from the generated table
// (service-model.generated.ts): required members, string and list lengths, integer ranges,
// patterns and enums, at every depth. Reported as AWS does: InvalidParameterException "1 validation
// error detected: Value '…' at 'filter' failed to satisfy constraint: Member must have length less
// than or equal to 256" (aws-sdk-net #3565); "N validation errors detected: …; …"; members the model
// marks sensitive (and everything inside them) are reported without their value. Member paths are
// camelCase, list items `name.N.member` (1-based), as in observed messages; map values are
// `name.<key>` [INF]. Lengths count code points (Smithy's length trait) [INF for Cognito's service].
// A value of the wrong JSON type never reaches validation: Coral rejects the document
// (SerializationException). Members the model does not define are ignored.

import { CognitoServiceError, errors } from '../errors';
import { COGNITO_MODEL, operationEntry, shape, type ServiceModel, type ShapeEntry } from './service-model';

interface Place {
  readonly path: string;
  readonly sensitive: boolean;
}

const patterns = new Map<string, RegExp>();
function matchesWhole(source: string, flags: string | undefined, text: string): boolean {
  const key = `${flags ?? ''}/${source}`;
  let compiled = patterns.get(key);
  if (!compiled) patterns.set(key, (compiled = new RegExp(`^(?:${source})$`, flags)));
  return compiled.test(text);
}

const camel = (member: string) => member.charAt(0).toLowerCase() + member.slice(1);
const join = (path: string, part: string) => (path === '' ? part : `${path}.${part}`);

function show(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(show).join(', ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function sameKind(entry: ShapeEntry, value: unknown): boolean {
  switch (entry.type) {
    case 'structure':
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
    case 'string':
    case 'blob':
      return typeof value === 'string';
    case 'integer':
    case 'long':
      return Number.isInteger(value);
    case 'double':
    case 'float':
    case 'timestamp':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function check(model: ServiceModel, shapeName: string, value: unknown, place: Place, found: string[]): void {
  const entry = shape(shapeName, model);
  if (!sameKind(entry, value)) throw errors.serialization();
  const sensitive = place.sensitive || entry.sensitive === true;
  const fail = (text: string) =>
    found.push(`${sensitive ? `Value at '${place.path}'` : `Value '${show(value)}' at '${place.path}'`} failed to satisfy constraint: Member must ${text}`);
  const lengthBounds = (length: number) => {
    if ('min' in entry && entry.min !== undefined && length < entry.min) fail(`have length greater than or equal to ${entry.min}`);
    if ('max' in entry && entry.max !== undefined && length > entry.max) fail(`have length less than or equal to ${entry.max}`);
  };
  const inner = { sensitive };
  switch (entry.type) {
    case 'structure': {
      const object = value as Record<string, unknown>;
      for (const [member, memberShape] of Object.entries(entry.members)) {
        const path = join(place.path, camel(member));
        const memberValue = object[member];
        if (memberValue === undefined || memberValue === null) {
          if (entry.required?.includes(member)) found.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
          continue;
        }
        check(model, memberShape, memberValue, { ...inner, path }, found);
      }
      return;
    }
    case 'list': {
      const list = value as unknown[];
      lengthBounds(list.length);
      list.forEach((item, index) => check(model, entry.member, item, { ...inner, path: `${place.path}.${index + 1}.member` }, found));
      return;
    }
    case 'map': {
      const map = value as Record<string, unknown>;
      lengthBounds(Object.keys(map).length);
      for (const [key, item] of Object.entries(map)) check(model, entry.value, item, { ...inner, path: `${place.path}.${key}` }, found);
      return;
    }
    case 'string': {
      const text = value as string;
      const length = [...text].length;
      lengthBounds(length);
      if (entry.js !== undefined && length > 0 && !matchesWhole(entry.js, entry.flags, text)) {
        fail(`satisfy regular expression pattern: ${entry.pattern}`);
      }
      if (entry.enum && !entry.enum.includes(text)) fail(`satisfy enum value set: [${entry.enum.join(', ')}]`);
      return;
    }
    case 'integer':
    case 'long': {
      const number = value as number;
      if (entry.min !== undefined && number < entry.min) fail(`have value greater than or equal to ${entry.min}`);
      if (entry.max !== undefined && number > entry.max) fail(`have value less than or equal to ${entry.max}`);
      return;
    }
    default:
      return;
  }
}

/** Throws the service's validation error (Cognito: InvalidParameterException) listing every violation, or SerializationException for a wrong JSON type. */
export function validate(operation: string, input: Record<string, unknown>, model: ServiceModel = COGNITO_MODEL): void {
  const found: string[] = [];
  check(model, operationEntry(operation, model).input, input, { path: '', sensitive: false }, found);
  if (found.length > 0) {
    const count = found.length === 1 ? '1 validation error detected' : `${found.length} validation errors detected`;
    throw new CognitoServiceError(model.validationError, `${count}: ${found.join('; ')}`);
  }
}
