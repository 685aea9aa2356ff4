// Renders docs/policy-reference.md from the JSON Schemas in policies/schema/ (the single source of
// truth). test/policy/policy-reference.test.ts fails when the committed document differs from a
// fresh render, so the reference cannot drift from the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnySchemaObject } from 'ajv/dist/2020';
import { packageRoot } from '../policy/package-root';
import { SCHEMAS, type SchemaKind } from '../policy/schemas';

export const POLICY_REFERENCE_PATH = join(packageRoot(), 'docs', 'policy-reference.md');

interface Section {
  readonly id: string;
  readonly title: string;
  readonly schema: AnySchemaObject;
  readonly paths: string[];
  /** A branch of a oneOf, chosen by a const property such as `type: SAML`. */
  readonly branch: boolean;
}

/** Walks one schema from its root, collecting one section per object definition, in reading order. */
class SchemaWalker {
  readonly sections: Section[] = [];
  private readonly byNode = new Map<object, Section>();

  constructor(
    private readonly kind: SchemaKind,
    private readonly idPrefix: string,
  ) {}

  resolve(schema: AnySchemaObject): { schema: AnySchemaObject; name?: string } {
    if (typeof schema.$ref !== 'string') return { schema };
    const name = schema.$ref.replace('#/$defs/', '');
    const target = (SCHEMAS[this.kind].$defs as Record<string, AnySchemaObject>)[name]!;
    return { schema: { ...target, ...withoutRef(schema) }, name };
  }

  /** Registers the object at `path` (and everything below it); returns its section for links. */
  visit(schema: AnySchemaObject, path: string, name: string, branch = false): Section | undefined {
    const { schema: resolved, name: refName } = this.resolve(schema);
    const target = typeof schema.$ref === 'string' ? (SCHEMAS[this.kind].$defs as Record<string, AnySchemaObject>)[refName!]! : schema;
    if (resolved.oneOf) {
      (resolved.oneOf as AnySchemaObject[]).forEach((branch, index) => {
        const branchName = this.resolve(branch).name ?? String(branch.title ?? `${name}${index + 1}`);
        this.visit(branch, path, branchName, true);
      });
      return undefined;
    }
    if (resolved.type === 'array' && resolved.items) {
      return this.visit(resolved.items as AnySchemaObject, `${path}[]`, `${name}Item`);
    }
    if (resolved.type !== 'object' || !resolved.properties) return undefined;
    const known = this.byNode.get(target);
    if (known) {
      if (!known.paths.includes(path)) known.paths.push(path);
      return known;
    }
    const title = String(resolved.title ?? refName ?? name);
    const section: Section = { id: `${this.idPrefix}${title.toLowerCase()}`, title, schema: resolved, paths: [path], branch };
    this.byNode.set(target, section);
    this.sections.push(section);
    for (const [field, child] of Object.entries(resolved.properties as Record<string, AnySchemaObject>)) {
      this.visit(child, joinPath(path, field), field);
    }
    return section;
  }

  sectionOf(schema: AnySchemaObject): Section | undefined {
    const { schema: resolved, name } = this.resolve(schema);
    const target = name ? (SCHEMAS[this.kind].$defs as Record<string, AnySchemaObject>)[name]! : schema;
    if (resolved.type === 'array' && resolved.items) return this.sectionOf(resolved.items as AnySchemaObject);
    return this.byNode.get(target);
  }
}

function withoutRef(schema: AnySchemaObject): AnySchemaObject {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function joinPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function renderSchema(kind: SchemaKind, heading: string, file: string, idPrefix: string): string[] {
  const root = SCHEMAS[kind];
  const walker = new SchemaWalker(kind, idPrefix);
  walker.visit(root, '', 'root');
  const lines = [`## ${heading}`, '', `File: \`${file}\`. Schema: \`policies/schema/${kind === 'tenant' ? 'tenant-policy' : 'pool-settings'}.schema.json\`.`, ''];
  for (const section of walker.sections) {
    const isRoot = section.paths[0] === '';
    lines.push(`### ${isRoot ? 'Top level' : section.title}`, `<a id="${section.id}"></a>`, '');
    if (!isRoot) lines.push(`At: ${section.paths.map((path) => `\`${path}\``).join(', ')}${section.branch ? discriminatorOf(section.schema) : ''}`, '');
    if (typeof section.schema.description === 'string') lines.push(escapeText(section.schema.description), '');
    lines.push('| Field | Type | Required | Default | Description |', '|---|---|---|---|---|');
    const required = new Set((section.schema.required as string[] | undefined) ?? []);
    for (const [field, child] of Object.entries(section.schema.properties as Record<string, AnySchemaObject>)) {
      const resolved = walker.resolve(child).schema;
      const path = joinPath(section.paths[0]!, field);
      lines.push(
        `| \`${path}\` | ${describeType(walker, child)} | ${required.has(field) ? 'yes' : 'no'} | ${renderDefault(resolved.default)} | ${describeField(walker, resolved)} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

function describeType(walker: SchemaWalker, schema: AnySchemaObject): string {
  const resolved = walker.resolve(schema).schema;
  if (resolved.oneOf) {
    const links = (resolved.oneOf as AnySchemaObject[]).map((branch) => link(walker, branch) ?? describeType(walker, branch));
    return `one of ${links.join(', ')}`;
  }
  if ('const' in resolved) return `\`${String(resolved.const)}\``;
  if (Array.isArray(resolved.enum)) return resolved.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (resolved.type === 'array') {
    const limits = [countBounds(resolved.minItems, resolved.maxItems, 'entries'), resolved.uniqueItems ? 'no repeats' : ''].filter(Boolean);
    return `list of ${describeType(walker, resolved.items as AnySchemaObject)}${limits.length > 0 ? `; ${limits.join(', ')}` : ''}`;
  }
  if (resolved.type === 'object') {
    const section = link(walker, schema);
    if (section) return section;
    const values = resolved.additionalProperties as AnySchemaObject | undefined;
    return `map of attribute name to ${values ? describeType(walker, values) : 'value'}`;
  }
  const details = [typeof resolved.format === 'string' ? resolved.format : '', countBounds(resolved.minLength, resolved.maxLength, 'characters')].filter(Boolean);
  return `${String(resolved.type ?? 'any')}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

function link(walker: SchemaWalker, schema: AnySchemaObject): string | undefined {
  const section = walker.sectionOf(schema);
  return section ? `[${section.title}](#${section.id})` : undefined;
}

function countBounds(min: unknown, max: unknown, unit: string): string {
  if (typeof min === 'number' && typeof max === 'number') return `${min}-${max} ${unit}`;
  if (typeof min === 'number' && min > 1) return `at least ${min} ${unit}`;
  if (typeof max === 'number') return `at most ${max} ${unit}`;
  return '';
}

function describeField(walker: SchemaWalker, schema: AnySchemaObject): string {
  const parts: string[] = [];
  if (typeof schema.description === 'string') parts.push(escapeText(schema.description));
  const format = [schema, schema.items, schema.propertyNames]
    .map((candidate) => (candidate ? walker.resolve(candidate as AnySchemaObject).schema.patternErrorMessage : undefined))
    .find((message): message is string => typeof message === 'string');
  if (format) parts.push(`Format: ${escapeText(format)}.`);
  return parts.join(' ');
}

/** ' when `type: SAML`' for a branch of a oneOf chosen by a const property. */
function discriminatorOf(schema: AnySchemaObject): string {
  const properties = (schema.properties ?? {}) as Record<string, AnySchemaObject>;
  const entry = Object.entries(properties).find(([field, property]) => 'const' in property && field !== 'name');
  return entry ? ` when \`${entry[0]}: ${String(entry[1].const)}\`` : '';
}

function renderDefault(value: unknown): string {
  if (value === undefined) return '';
  return `\`${inline(value).replace(/\|/g, '\\|')}\``;
}

/** YAML flow style, as a policy author would write the value. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, child]) => `${key}: ${inline(child)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function escapeText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderPolicyReference(): string {
  return [
    '<!-- Generated by `npm run gen:docs` from policies/schema/*.schema.json. Do not edit. -->',
    '# Policy reference',
    '',
    'Every field of the two policy file kinds, generated from their JSON Schemas. Editors that read the',
    '`# yaml-language-server: $schema=...` header of each file complete and check the same fields.',
    '`link-policy validate` checks these and the cross-tenant rules (docs/validate.md).',
    '',
    ...renderSchema('tenant', 'Tenant policy', 'policies/<tenant id>.yaml', ''),
    ...renderSchema('pool', 'Pool settings', 'policies/_pool.yaml', 'pool-'),
  ].join('\n');
}

export function main(): number {
  writeFileSync(POLICY_REFERENCE_PATH, renderPolicyReference());
  process.stdout.write(`wrote ${POLICY_REFERENCE_PATH}\n`);
  return 0;
}
