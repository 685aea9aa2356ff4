// Scenario files against policies/schema/policy-tests.schema.json (strict ajv, like the policy
// schemas), with ajv's errors turned into file:line:column problems a reviewer can act on.
import Ajv2020, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import schema from '../../policies/schema/policy-tests.schema.json';
import { problemAt, type ParsedYaml, type Problem, type ProblemSpec } from '../../policy';
import { pathLabel, pointerToPath, type PathSegment } from '../../policy/json-path';
import { closest } from '../../policy/suggest';
import { STEP_KINDS } from './format';

const FORMAT_DOC = 'docs/operator-commands.md (scenario format)';

let validators: { readonly file: ValidateFunction; readonly users: ValidateFunction; readonly setting: ValidateFunction } | undefined;

function compiled(): NonNullable<typeof validators> {
  if (validators) return validators;
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
  addFormats(ajv);
  // Shown by the YAML language server for a failed pattern, and by these messages.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  const file = ajv.compile(schema as AnySchemaObject);
  // `explain --users FILE`: a list of users as a scenario's `users:` holds them.
  const users = ajv.compile({ type: 'array', maxItems: 50, items: { $ref: `${String(schema.$id)}#/$defs/User` } });
  // `explain --event`: the users and switches a raw event runs with.
  const setting = ajv.compile({
    type: 'object',
    additionalProperties: false,
    properties: { users: { $ref: `${String(schema.$id)}#/$defs/Scenario/properties/users` }, switches: { $ref: `${String(schema.$id)}#/$defs/Switches` } },
  });
  validators = { file, users, setting };
  return validators;
}

export function checkScenarioSchema(parsed: ParsedYaml): Problem[] {
  return problemsOf(compiled().file, parsed);
}

export function checkUserListSchema(parsed: ParsedYaml): Problem[] {
  return problemsOf(compiled().users, parsed);
}

export function checkSettingSchema(parsed: ParsedYaml): Problem[] {
  return problemsOf(compiled().setting, parsed);
}

function problemsOf(check: ValidateFunction, parsed: ParsedYaml): Problem[] {
  if (check(parsed.data)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of check.errors ?? []) {
    // A union's branches report their own errors; the union's error says it better.
    if (/\/(?:oneOf|anyOf)\/\d+\//.test(error.schemaPath) || error.schemaPath.includes('/propertyNames/')) continue;
    const path = pointerToPath(error.instancePath, parsed.data);
    const spec = explain(error, path);
    const problem = problemAt(parsed, spec.path, spec);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function explain(error: ErrorObject, path: PathSegment[]): ProblemSpec & { path: PathSegment[] } {
  const parent = error.parentSchema as AnySchemaObject;
  const params = error.params as Record<string, unknown>;
  const label = path.length === 0 ? 'the scenario file' : pathLabel(path);
  const value = error.data as unknown;
  const at = (spec: ProblemSpec, where: PathSegment[] = path) => ({ ...spec, path: where });
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const property = (parent.properties as Record<string, AnySchemaObject> | undefined)?.[missing];
      const description = typeof property?.description === 'string' ? ` ${property.description}` : '';
      return at({ rule: 'scenario.required', message: `${label} is missing the required key '${missing}'`, hint: `Add ${missing}.${description}`, part: 'key' });
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      const suggestion = closest(key, allowed);
      return at(
        { rule: 'scenario.unknown-key', message: `unknown key '${key}' in ${label}`, hint: `${suggestion ? `Did you mean '${suggestion}'? ` : ''}Allowed keys: ${allowed.join(', ')}.`, part: 'key' },
        [...path, key],
      );
    }
    case 'oneOf': {
      const present = STEP_KINDS.filter((kind) => typeof value === 'object' && value !== null && kind in value);
      return at({
        rule: 'scenario.step-action',
        message: present.length === 0 ? `${label} has no action` : `${label} has ${present.length} actions (${present.join(', ')})`,
        hint: `A step has exactly one of ${STEP_KINDS.join(', ')}; put each action in its own step.`,
      });
    }
    case 'anyOf':
      return at({ rule: 'scenario.type', message: `${label} must be text, true or false${parent.anyOf && JSON.stringify(parent.anyOf).includes('"null"') ? ', or null' : ''}`, hint: `See ${FORMAT_DOC}.` });
    case 'enum': {
      const allowed = (parent.enum as unknown[]).map(String);
      const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
      return at({
        rule: 'scenario.enum',
        message: `${label} must be one of ${allowed.join(', ')} (got ${show(value)})`,
        hint: suggestion ? `Did you mean '${suggestion}'?` : `Use one of: ${allowed.join(', ')}.`,
      });
    }
    case 'pattern': {
      const words = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `text matching ${String(parent.pattern)}`;
      return at({ rule: 'scenario.pattern', message: `${label} ${show(value)} is not valid: expected ${words}`, hint: `See ${FORMAT_DOC}.` });
    }
    case 'propertyNames': {
      const key = String(params.propertyName);
      return at(
        {
          rule: 'scenario.attribute-name',
          message: `'${key}' is not a user pool attribute name`,
          hint: 'Name user pool attributes (email, email_verified, custom:idp_sub); for raw IdP claim names use claims:.',
          part: 'key',
        },
        [...path, key],
      );
    }
    case 'type': {
      const wanted = String(params.type).replace('object', 'a mapping (key: value lines)').replace('array', 'a list').replace('boolean', 'true or false').replace('string', 'text');
      return at({ rule: 'scenario.type', message: `${label} must be ${wanted}, not ${show(value)}`, hint: `See ${FORMAT_DOC}.` });
    }
    default:
      return at({ rule: `scenario.${error.keyword}`, message: `${label} ${error.message ?? 'is invalid'}`, hint: `See ${FORMAT_DOC}.` });
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
