// Validates a parsed file against its JSON Schema and turns ajv's errors into messages a policy
// author can act on: unknown keys name the allowed ones and the closest match, enums list their
// values, patterns are explained in words (the schema's patternErrorMessage), and a `oneOf`
// (provider type, subject source, secret reference, SAML connection) reports only the errors of
// the branch its discriminator selects instead of every branch's noise.
import { domainToASCII } from 'node:url';
import type { AnySchemaObject, ErrorObject } from 'ajv/dist/2020';
import { isRecord, pathLabel, pointerToPath, valueAt, type DocPath, type PathSegment } from './json-path';
import type { Problem } from './problems';
import { problemAt, quote, type ProblemSpec } from './report';
import { resolveRef, SCHEMAS, schemaPointers, schemaValidator, subSchemaValidator, type SchemaKind } from './schemas';
import { closest } from './suggest';
import type { ParsedYaml } from './yaml-source';

const REFERENCE_DOC = 'docs/policy-reference.md';
const DOMAIN_PATTERN = String((SCHEMAS.tenant.$defs as Record<string, AnySchemaObject>).Domain!.pattern);

interface Finding {
  readonly path: DocPath;
  readonly spec: ProblemSpec;
}

export function checkSchema(kind: SchemaKind, parsed: ParsedYaml): Problem[] {
  const validate = schemaValidator(kind);
  if (validate(parsed.data)) return [];
  const findings = explainErrors(kind, parsed.data, validate.errors ?? [], []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const finding of findings) {
    const problem = problemAt(parsed, finding.path, finding.spec);
    const key = `${problem.path}\u0000${problem.rule}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

interface LocatedError {
  readonly path: PathSegment[];
  readonly error: ErrorObject;
}

function explainErrors(kind: SchemaKind, root: unknown, errors: readonly ErrorObject[], base: DocPath): Finding[] {
  const data = valueAt(root, base);
  const located: LocatedError[] = errors.map((error) => ({ path: [...base, ...pointerToPath(error.instancePath, data)], error }));

  // The shallowest failing unions own every error at or below their path.
  const unions = located
    .filter(({ error }) => error.keyword === 'oneOf')
    .sort((a, b) => a.path.length - b.path.length)
    .filter((union, index, all) => !all.slice(0, index).some((outer) => isWithin(union.path, outer.path)));

  // An empty string fails minLength and, redundantly, most patterns.
  const tooShort = new Set(located.filter(({ error }) => error.keyword === 'minLength').map(({ error }) => error.instancePath));

  const findings: Finding[] = [];
  for (const union of unions) findings.push(...explainUnion(kind, root, union));
  for (const item of located) {
    if (unions.some((union) => isWithin(item.path, union.path))) continue;
    if (item.error.keyword === 'pattern' && tooShort.has(item.error.instancePath)) continue;
    const finding = explainError(kind, item);
    if (finding) findings.push(finding);
  }
  return findings;
}

function isWithin(path: DocPath, ancestor: DocPath): boolean {
  return path.length >= ancestor.length && ancestor.every((segment, index) => path[index] === segment);
}

// ---------------------------------------------------------------------------------------------
// oneOf: pick the branch the discriminator names, then report that branch's errors only.

interface Branch {
  readonly pointer: string;
  readonly schema: AnySchemaObject;
}

function explainUnion(kind: SchemaKind, root: unknown, { path, error }: LocatedError): Finding[] {
  const unionSchema = error.parentSchema as AnySchemaObject;
  const unionPointer = schemaPointers(kind).get(unionSchema);
  if (unionPointer === undefined) throw new Error('oneOf schema not found in its own schema');
  const all: Branch[] = (unionSchema.oneOf as AnySchemaObject[]).map((branch, index) => ({
    pointer: `${unionPointer}/oneOf/${index}`,
    schema: resolveRef(kind, branch),
  }));
  const value = valueAt(root, path);
  const label = pathLabel(path);
  const title = String(unionSchema.title ?? '');

  // A word or a mapping (sign_in_methods rules: allow, refuse, or {allow_only: [...]}).
  const words = all.find((branch) => Array.isArray(branch.schema.enum));
  const branches = all.filter((branch) => branch !== words);
  if (words && !isRecord(value)) {
    const spec = enumSpec(label, value, (words.schema.enum as unknown[]).map(String));
    const mapping = branches.length === 1 ? `the key ${presenceKey(branches[0]!)}` : describeAlternatives(branches);
    return [{ path, spec: { ...spec, message: spec.message.replace(/ \(got /, `, or a mapping with ${mapping} (got `) } }];
  }

  // A literal or { terraform_variable: <name> } (TerraformVariableValue): the value's own shape
  // picks the branch, whose errors are reported as if it were the only one.
  const literal = branches.find((branch) => branch.schema.type === 'string');
  if (literal) {
    const branch = typeof value === 'string' ? literal : isRecord(value) ? branches.find((candidate) => candidate !== literal) : undefined;
    if (!branch) {
      return [
        {
          path,
          spec: {
            rule: 'schema.type',
            message: `${label} must be a string or { terraform_variable: <name> }, not ${quote(value)}`,
            hint: `See ${label} in ${REFERENCE_DOC}.`,
          },
        },
      ];
    }
    const validate = subSchemaValidator(kind, branch.pointer);
    return validate(value) ? [] : explainErrors(kind, root, validate.errors ?? [], path);
  }

  if (!isRecord(value)) {
    if (title === 'SecretReference' && typeof value === 'string') {
      return [{ path, spec: literalSecret(label) }];
    }
    return [
      {
        path,
        spec: {
          rule: 'schema.type',
          message: `${label} must be a mapping with ${describeAlternatives(branches)}, not ${quote(value)}`,
          hint: `See ${title || label} in ${REFERENCE_DOC}.`,
        },
      },
    ];
  }

  // Even when the discriminator is wrong, a likely branch is checked too, so that one fix does
  // not reveal a second round of errors.
  const chosen = chooseBranch(branches, value, path, label);
  const findings = chosen.finding ? [chosen.finding] : [];
  if (!chosen.branch) return findings;
  const validate = subSchemaValidator(kind, chosen.branch.pointer);
  if (validate(value)) return findings;
  const covered = chosen.finding?.path;
  const errors = (validate.errors ?? []).filter(
    (branchError) => !covered || (!isWithin([...path, ...pointerToPath(branchError.instancePath, value)], covered) && !namesKey(branchError, covered, path)),
  );
  return [...findings, ...explainErrors(kind, root, errors, path)];
}

/** An additionalProperties error about the key a finding already reports. */
function namesKey(error: ErrorObject, covered: DocPath, unionPath: DocPath): boolean {
  if (error.keyword !== 'additionalProperties' || error.instancePath !== '') return false;
  return covered.length === unionPath.length + 1 && covered[covered.length - 1] === (error.params as { additionalProperty: string }).additionalProperty;
}

function literalSecret(label: string): ProblemSpec {
  return {
    rule: 'secret.literal',
    message: `${label} holds a literal secret; policies may only reference secrets`,
    hint:
      'Remove the value from the file (and rotate it: it is in the git history now), then reference it: ' +
      `${label}: { terraform_variable: <name> } or ${label}: { secrets_manager: { secret_id: <name or ARN> } }.`,
  };
}

function describeAlternatives(branches: readonly Branch[]): string {
  const constKey = constDiscriminator(branches);
  if (constKey) return `${constKey}: ${branches.map((branch) => constOf(branch, constKey)).join(', ')}`;
  return `one of the keys ${branches.map((branch) => presenceKey(branch)).join(', ')}`;
}

/** A property every branch pins with `const` (type, source): the branch is named by its value. */
function constDiscriminator(branches: readonly Branch[]): string | undefined {
  const first = branches[0]?.schema.properties as Record<string, AnySchemaObject> | undefined;
  if (!first) return undefined;
  return Object.keys(first).find((key) => branches.every((branch) => constOf(branch, key) !== undefined));
}

function constOf(branch: Branch, key: string): string | undefined {
  const property = (branch.schema.properties as Record<string, AnySchemaObject> | undefined)?.[key];
  return property && 'const' in property ? String(property.const) : undefined;
}

/** Otherwise each branch has a required key of its own (terraform_variable / secrets_manager). */
function presenceKey(branch: Branch): string {
  return String((branch.schema.required as string[])[0]);
}

interface Choice {
  readonly branch?: Branch;
  readonly finding?: Finding;
}

function chooseBranch(branches: readonly Branch[], value: Record<string, unknown>, path: DocPath, label: string): Choice {
  const key = constDiscriminator(branches);
  if (key) {
    const allowed = branches.map((branch) => constOf(branch, key)!);
    const actual = value[key];
    if (actual === undefined) {
      return {
        finding: {
          path,
          spec: {
            rule: 'schema.required',
            message: `${label} is missing '${key}' (one of ${allowed.join(', ')})`,
            hint: `Add ${key}: with one of the listed values.`,
            part: 'key',
          },
        },
      };
    }
    const exact = branches.find((candidate) => typeof actual === 'string' && constOf(candidate, key) === actual);
    if (exact) return { branch: exact };
    const suggestion = typeof actual === 'string' ? closest(actual, allowed) : undefined;
    return {
      branch: branches.find((candidate) => constOf(candidate, key) === suggestion),
      finding: { path: [...path, key], spec: enumSpec(key, actual, allowed) },
    };
  }

  const present = branches.filter((branch) => presenceKey(branch) in value);
  const keys = branches.map(presenceKey);
  if (present.length === 0) {
    return {
      finding: {
        path,
        spec: { rule: 'schema.one-of', message: `${label} needs one of the keys ${keys.join(', ')}`, hint: `See ${label} in ${REFERENCE_DOC}.` },
      },
    };
  }
  if (present.length === 1) return { branch: present[0]! };
  const [kept, ...extra] = present.map(presenceKey);
  return {
    branch: present[0],
    finding: {
      path: [...path, extra[0]!],
      spec: {
        rule: 'schema.one-of',
        message: `${label} sets both ${kept} and ${extra.join(', ')}; use only one`,
        hint: `Keep one of ${keys.join(', ')}.`,
        part: 'key',
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Single errors.

function explainError(kind: SchemaKind, { path, error }: LocatedError): Finding | undefined {
  const schema = error.parentSchema as AnySchemaObject;
  const value = error.data as unknown;
  const label = path.length === 0 ? (kind === 'tenant' ? 'the tenant policy' : 'the pool settings') : pathLabel(path);
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const description = propertyDescription(kind, schema, missing);
      return {
        path,
        spec: {
          rule: 'schema.required',
          message: `${label} is missing the required key '${missing}'`,
          hint: description ? `Add ${missing}: ${description}` : `Add ${missing}; see ${REFERENCE_DOC}.`,
          part: 'key',
        },
      };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((schema.properties as object | undefined) ?? {});
      const suggestion = closest(key, allowed);
      return {
        path: [...path, key],
        spec: {
          rule: 'schema.unknown-key',
          message: `unknown key '${key}' in ${label}`,
          hint: `${suggestion ? `Did you mean '${suggestion}'? ` : ''}Allowed keys: ${allowed.join(', ')}.`,
          part: 'key',
        },
      };
    }
    case 'propertyNames':
      // The nested pattern error carries no key name; this one does.
      return explainPropertyName(kind, path, label, schema, String(params.propertyName));
    case 'pattern':
      if (error.schemaPath.includes('/propertyNames/')) return undefined;
      return { path, spec: patternSpec(label, value, schema) };
    case 'enum':
      return { path, spec: enumSpec(label, value, (schema.enum as unknown[]).map(String)) };
    case 'const':
      return {
        path,
        spec: {
          rule: 'schema.const',
          message: `${label} must be ${quote(schema.const)} (got ${quote(value)})`,
          hint: path[path.length - 1] === 'name' ? 'Social providers have fixed names in Cognito: use the one shown.' : `Write ${quote(schema.const)}.`,
        },
      };
    case 'type':
      return { path, spec: typeSpec(kind, label, path, value, String(params.type)) };
    case 'format':
      return {
        path,
        spec: {
          rule: 'schema.format',
          message: `${label} must be ${FORMAT_WORDS[String(params.format)] ?? `in the ${String(params.format)} format`} (got ${quote(value)})`,
          hint: FORMAT_HINTS[String(params.format)] ?? fieldHint(schema, label),
        },
      };
    case 'minLength':
    case 'maxLength': {
      const limit = Number(params.limit);
      const length = typeof value === 'string' ? [...value].length : 0;
      const message =
        error.keyword === 'minLength'
          ? limit === 1
            ? `${label} must not be empty`
            : `${label} is ${length} characters; it needs at least ${limit}`
          : `${label} is ${length} characters; at most ${limit} are allowed`;
      return { path, spec: { rule: 'schema.length', message, hint: lengthHint(kind, path, schema, label) } };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = Number(params.limit);
      const count = Array.isArray(value) ? value.length : 0;
      const message =
        error.keyword === 'minItems'
          ? `${label} must list at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`
          : `${label} lists ${count} entries; at most ${limit} are allowed`;
      return { path, spec: { rule: 'schema.items', message, hint: 'Adjust the list.' } };
    }
    case 'minProperties':
      return { path, spec: { rule: 'schema.items', message: `${label} must not be empty`, hint: `Add at least ${String(params.limit)} entry.` } };
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const item = Array.isArray(value) ? value[later] : undefined;
      return {
        path: [...path, later],
        spec: { rule: 'schema.unique-items', message: `${label} lists ${quote(item)} more than once`, hint: 'Remove the repeated entry.' },
      };
    }
    default:
      return { path, spec: { rule: `schema.${error.keyword}`, message: `${label} ${error.message ?? 'is invalid'}`, hint: `See ${REFERENCE_DOC}.` } };
  }
}

const FORMAT_WORDS: Record<string, string> = {
  uri: 'an absolute URL (https://...)',
  email: 'an email address',
};

const FORMAT_HINTS: Record<string, string> = {
  uri: 'Write the full URL, starting with https://.',
  email: 'Write a complete address such as it-oncall@example.com.',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
};

function typeSpec(kind: SchemaKind, label: string, path: DocPath, value: unknown, expected: string): ProblemSpec {
  const wanted = expected.split(',').map((type) => TYPE_WORDS[type] ?? type).join(' or ');
  if (path.length === 0) {
    const keys = (SCHEMAS[kind].required as string[]).join(', ');
    return {
      rule: 'schema.type',
      message: value === null || value === undefined ? 'the file is empty' : `the file must hold a mapping, not ${quote(value)}`,
      hint: `A ${kind === 'tenant' ? 'tenant policy' : 'pool settings file'} is a mapping with the keys ${keys}; start from an example in policies/.`,
    };
  }
  const actual = value === null || value === undefined ? 'empty' : `${quote(value)}`;
  return {
    rule: 'schema.type',
    message: value === null || value === undefined ? `${label} is empty; it must be ${wanted}` : `${label} must be ${wanted}, not ${actual}`,
    hint: typeHint(label, value, expected, wanted),
  };
}

function typeHint(label: string, value: unknown, expected: string, wanted: string): string {
  if (expected === 'boolean' && typeof value === 'string' && /^(?:yes|no|on|off|y|n)$/i.test(value)) {
    return 'YAML 1.2 reads yes, no, on and off as text: write true or false.';
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `Quote the value so YAML reads it as text: "${String(value)}".`;
  }
  return `Write ${label} as ${wanted}.`;
}

function enumSpec(label: string, value: unknown, allowed: readonly string[]): ProblemSpec {
  const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
  const extending = typeof value === 'string' && value !== '' ? allowed.filter((candidate) => candidate.startsWith(value.toLowerCase())) : [];
  return {
    rule: 'schema.enum',
    message: `${label} must be one of ${allowed.join(', ')} (got ${quote(value)})`,
    hint: suggestion
      ? `Did you mean '${suggestion}'?`
      : extending.length > 0
        ? `Did you mean ${extending.map((candidate) => `'${candidate}'`).join(' or ')}?`
        : `Use one of: ${allowed.join(', ')}.`,
  };
}

function patternSpec(label: string, value: unknown, schema: AnySchemaObject): ProblemSpec {
  const rule = typeof schema.patternErrorMessage === 'string' ? schema.patternErrorMessage : `text matching ${String(schema.pattern)}`;
  return { rule: 'schema.pattern', message: `${label} ${quote(value)} is not valid: expected ${rule}`, hint: patternHint(label, value, schema) };
}

function patternHint(label: string, value: unknown, schema: AnySchemaObject): string {
  if (typeof value === 'string' && schema.pattern === DOMAIN_PATTERN) {
    if (value !== value.toLowerCase()) return `Write it in lower case: '${value.toLowerCase()}'.`;
    const ascii = domainToASCII(value);
    if (ascii && ascii !== value) return `Write the punycode form: '${ascii}'.`;
  }
  return fieldHint(schema, label);
}

function explainPropertyName(kind: SchemaKind, path: DocPath, label: string, schema: AnySchemaObject, key: string): Finding {
  const names = resolveRef(kind, schema.propertyNames as AnySchemaObject);
  const words = typeof names.patternErrorMessage === 'string' ? names.patternErrorMessage : `a key matching ${String(names.pattern)}`;
  return {
    path: [...path, key],
    spec: {
      rule: 'schema.key-name',
      message: `'${key}' is not allowed as a key of ${label}: expected ${words}`,
      hint: 'Keys are user pool attributes (custom ones start with custom:); the IdP claim name goes on the right of the colon.',
      part: 'key',
    },
  };
}

function propertyDescription(kind: SchemaKind, schema: AnySchemaObject, key: string): string | undefined {
  const property = (schema.properties as Record<string, AnySchemaObject> | undefined)?.[key];
  if (!property) return undefined;
  const described = property.description ?? resolveRef(kind, property).description;
  return typeof described === 'string' ? described : undefined;
}

function lengthHint(kind: SchemaKind, path: DocPath, schema: AnySchemaObject, label: string): string {
  if (kind === 'tenant' && path[0] === 'messages') return 'Shorten the message: it travels in the redirect URL back to the app.';
  return fieldHint(schema, label);
}

/** The field's own description says what belongs there; else point at the reference. */
function fieldHint(schema: AnySchemaObject, label: string): string {
  return typeof schema.description === 'string' ? `${label}: ${schema.description}` : `See ${label} in ${REFERENCE_DOC}.`;
}
