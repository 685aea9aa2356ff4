// Generates the twin's wire tables, one file per service it serves: for every operation the twin
// serves (twin/wire/served-operations.ts), its input and output shapes with every shape they reach
// (required members, lengths, ranges, patterns, enums, sensitivity) and its error shapes, from the
// service's official model. Cognito: twin/wire/service-model.generated.ts from
// vendor/aws-model/cognito-idp-2016-04-18.service-2.json, plus each error's HTTP status in the Smithy
// model (vendor/aws-model/cognito-idp-error-status.smithy.json). Systems Manager (Parameter Store):
// twin/wire/ssm-model.generated.ts from vendor/aws-model/ssm-2014-11-06.service-2.json.
// test/twin/service-model.test.ts fails when a committed file differs from what this produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../policy/package-root';
import { SERVED_OPERATIONS, SERVED_SSM_OPERATIONS } from '../twin/wire/served-operations';

const VENDOR = join(packageRoot(), 'vendor', 'aws-model');
export const MODEL_PATH = join(VENDOR, 'cognito-idp-2016-04-18.service-2.json');
export const ERROR_STATUS_PATH = join(VENDOR, 'cognito-idp-error-status.smithy.json');
export const GENERATED_MODEL_PATH = join(packageRoot(), 'twin', 'wire', 'service-model.generated.ts');
export const SSM_MODEL_PATH = join(VENDOR, 'ssm-2014-11-06.service-2.json');
export const GENERATED_SSM_MODEL_PATH = join(packageRoot(), 'twin', 'wire', 'ssm-model.generated.ts');

/** What a generated file is typed by: the served-operations list and its type. */
interface TableTarget {
  readonly model: string;
  readonly operationType: 'ServedOperation' | 'ServedSsmOperation';
}
const COGNITO_TARGET: TableTarget = { model: 'vendor/aws-model/cognito-idp-2016-04-18.service-2.json', operationType: 'ServedOperation' };
const SSM_TARGET: TableTarget = { model: 'vendor/aws-model/ssm-2014-11-06.service-2.json', operationType: 'ServedSsmOperation' };

interface BotocoreRef {
  readonly shape: string;
}
interface BotocoreShape {
  readonly type: string;
  readonly members?: Record<string, BotocoreRef>;
  readonly required?: string[];
  readonly member?: BotocoreRef;
  readonly key?: BotocoreRef;
  readonly value?: BotocoreRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly sensitive?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
}
export interface BotocoreModel {
  readonly operations: Record<string, { input?: BotocoreRef; output?: BotocoreRef; errors?: BotocoreRef[] }>;
  readonly shapes: Record<string, BotocoreShape>;
}

/** Java's \s: [ \t\n\x0B\f\r], narrower than JavaScript's (which adds Unicode spaces). */
const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';

/**
 * A model pattern (Java regular expression, matched against the whole value) as a JavaScript
 * pattern for the `u` flag. The syntax cognito-idp uses carries over unchanged (`\p{L}`, `\w`,
 * classes, groups) except: a leading `(?s)` becomes the `s` flag, and `\s` / `\S` become Java's
 * ASCII whitespace (JavaScript's also matches Unicode spaces). Anything that does not compile
 * throws, so a new construct in a future model fails generation instead of validating wrongly.
 */
export function javaPatternToJs(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let body = pattern;
  if (body.startsWith('(?s)')) {
    flags = 'su';
    body = body.slice(4);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined) throw new Error(`pattern ${pattern}: trailing backslash`);
      if (next === 's') out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      else if (next === 'S') {
        // [\S] alone is the only negated class the model puts inside brackets.
        if (inClass && !(body[i - 1] === '[' && body[i + 2] === ']')) throw new Error(`pattern ${pattern}: \\S inside a larger class`);
        out += inClass ? `^${JAVA_SPACE}` : `[^${JAVA_SPACE}]`;
      } else out += `\\${next}`;
      i++;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    else if (ch === '[' && inClass) throw new Error(`pattern ${pattern}: nested class`);
    out += ch;
  }
  new RegExp(`^(?:${out})$`, flags);
  return { source: out, flags };
}

function lean(name: string, shape: BotocoreShape): Record<string, unknown> {
  const entry: Record<string, unknown> = { type: shape.type };
  switch (shape.type) {
    case 'structure':
      entry['members'] = Object.fromEntries(Object.entries(shape.members ?? {}).map(([member, ref]) => [member, ref.shape]));
      if (shape.required?.length) entry['required'] = shape.required;
      break;
    case 'list':
      entry['member'] = shape.member!.shape;
      break;
    case 'map':
      entry['key'] = shape.key!.shape;
      entry['value'] = shape.value!.shape;
      break;
    case 'string':
      if (shape.pattern !== undefined) {
        const js = javaPatternToJs(shape.pattern);
        entry['pattern'] = shape.pattern;
        entry['js'] = js.source;
        entry['flags'] = js.flags;
      }
      if (shape.enum) entry['enum'] = shape.enum;
      break;
    case 'integer':
    case 'long':
    case 'boolean':
    case 'timestamp':
    case 'blob':
    case 'double':
    case 'float':
      break;
    default:
      throw new Error(`shape ${name}: type ${shape.type} is not handled by the twin's wire layer`);
  }
  if (shape.min !== undefined) entry['min'] = shape.min;
  if (shape.max !== undefined) entry['max'] = shape.max;
  if (shape.sensitive) entry['sensitive'] = true;
  return entry;
}

export function generateTwinModel(
  model: BotocoreModel,
  smithyStatuses: Readonly<Record<string, number>>,
  served: readonly string[] = SERVED_OPERATIONS,
  target: TableTarget = COGNITO_TARGET,
): string {
  const shapes = new Map<string, Record<string, unknown>>();
  const errors = new Set<string>();
  const reach = (name: string): void => {
    if (shapes.has(name)) return;
    const found = model.shapes[name];
    if (!found) throw new Error(`shape ${name} is missing from the model`);
    shapes.set(name, lean(name, found));
    for (const ref of Object.values(found.members ?? {})) reach(ref.shape);
    for (const ref of [found.member, found.key, found.value]) if (ref) reach(ref.shape);
  };
  const operations: string[] = [];
  for (const name of [...served].sort()) {
    const operation = model.operations[name];
    if (!operation) throw new Error(`operation ${name} is not in the model`);
    const entry: Record<string, unknown> = { input: operation.input!.shape };
    reach(operation.input!.shape);
    if (operation.output) {
      entry['output'] = operation.output.shape;
      reach(operation.output.shape);
    }
    entry['errors'] = (operation.errors ?? []).map((ref) => ref.shape);
    for (const ref of operation.errors ?? []) errors.add(ref.shape);
    operations.push(`  ${name}: ${JSON.stringify(entry)},`);
  }
  const errorLines = [...errors].sort().map((name) => {
    const entry: Record<string, unknown> = {};
    if (model.shapes[name]?.fault) entry['server'] = true;
    if (smithyStatuses[name] !== undefined) entry['smithyStatus'] = smithyStatuses[name];
    return `  ${name}: ${JSON.stringify(entry)},`;
  });
  const shapeLines = [...shapes.keys()].sort().map((name) => `  ${name}: ${JSON.stringify(shapes.get(name))},`);
  return [
    `// Generated by \`npm run gen:twin-model\` from ${target.model} for twin/wire/served-operations.ts. Do not edit.`,
    "import type { ErrorEntry, OperationEntry, ShapeEntry } from './service-model';",
    `import type { ${target.operationType} } from './served-operations';`,
    '',
    '/** Each served operation: its input and output shapes and the error shapes the model lists. */',
    `export const OPERATIONS: Readonly<Record<${target.operationType}, OperationEntry>> = {`,
    ...operations,
    '};',
    '',
    '/** Every error shape a served operation lists: server fault (MODEL) and HTTP status (Smithy model). */',
    'export const ERRORS: Readonly<Record<string, ErrorEntry>> = {',
    ...errorLines,
    '};',
    '',
    '/** Every shape the served operations reach, without documentation. */',
    'export const SHAPES: Readonly<Record<string, ShapeEntry>> = {',
    ...shapeLines,
    '};',
    '',
  ].join('\n');
}

export function generateFromVendored(): string {
  const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as BotocoreModel;
  const { statuses } = JSON.parse(readFileSync(ERROR_STATUS_PATH, 'utf8')) as { statuses: Record<string, number> };
  return generateTwinModel(model, statuses);
}

/** Systems Manager's table: its model carries no Smithy statuses; its fault shapes answer 500, the rest 400. */
export function generateSsmFromVendored(): string {
  const model = JSON.parse(readFileSync(SSM_MODEL_PATH, 'utf8')) as BotocoreModel;
  return generateTwinModel(model, {}, SERVED_SSM_OPERATIONS, SSM_TARGET);
}

export function main(): number {
  writeFileSync(GENERATED_MODEL_PATH, generateFromVendored());
  writeFileSync(GENERATED_SSM_MODEL_PATH, generateSsmFromVendored());
  process.stdout.write(`wrote ${GENERATED_MODEL_PATH}\nwrote ${GENERATED_SSM_MODEL_PATH}\n`);
  return 0;
}
