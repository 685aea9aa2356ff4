// The two JSON Schemas, compiled once. They are the single source of truth for the policy format:
// the loader validates with them, editors complete with them, and the reference document and the
// TypeScript types are generated from them.
import Ajv2020, { type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import poolSettingsSchema from '../policies/schema/pool-settings.schema.json';
import tenantPolicySchema from '../policies/schema/tenant-policy.schema.json';

export type SchemaKind = 'tenant' | 'pool';

export const SCHEMAS: Readonly<Record<SchemaKind, AnySchemaObject>> = {
  tenant: tenantPolicySchema as AnySchemaObject,
  pool: poolSettingsSchema as AnySchemaObject,
};

/**
 * Keywords the schemas carry for people, not for validation. `patternErrorMessage` is what the
 * YAML language server shows for a failed pattern; the loader shows the same words.
 */
const ANNOTATION_KEYWORDS = ['patternErrorMessage'];

let compiled: { ajv: Ajv2020; validators: Record<SchemaKind, ValidateFunction> } | undefined;

function load(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
  compiled = {
    ajv,
    validators: { tenant: ajv.compile(SCHEMAS.tenant), pool: ajv.compile(SCHEMAS.pool) },
  };
  return compiled;
}

export function schemaValidator(kind: SchemaKind): ValidateFunction {
  return load().validators[kind];
}

/** A validator for the sub-schema at `pointer` (e.g. '/$defs/SamlProvider') of a schema. */
export function subSchemaValidator(kind: SchemaKind, pointer: string): ValidateFunction {
  const { ajv } = load();
  const validate = ajv.getSchema(`${SCHEMAS[kind].$id as string}#${pointer}`);
  if (!validate) throw new Error(`no sub-schema ${pointer} in the ${kind} schema`);
  return validate;
}

/** JSON Pointer of every object inside a schema, to find where an ajv error's parentSchema sits. */
export function schemaPointers(kind: SchemaKind): ReadonlyMap<object, string> {
  const cached = pointerCache.get(kind);
  if (cached) return cached;
  const pointers = new Map<object, string>();
  const stack: Array<[unknown, string]> = [[SCHEMAS[kind], '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (!pointers.has(node)) pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      stack.push([child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  pointerCache.set(kind, pointers);
  return pointers;
}
const pointerCache = new Map<SchemaKind, ReadonlyMap<object, string>>();

/** Follows a local `$ref` ('#/$defs/X') inside a schema. */
export function resolveRef(kind: SchemaKind, schema: AnySchemaObject): AnySchemaObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let node: unknown = SCHEMAS[kind];
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return resolveRef(kind, node as AnySchemaObject);
}
