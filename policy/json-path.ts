// Paths into a policy document: segments internally, a JavaScript-like string for people
// ('identity_providers[0].attribute_mapping["custom:idp_sub"]').

export type PathSegment = string | number;
export type DocPath = readonly PathSegment[];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(path: DocPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** The last named key with any array indices after it: 'domains[1]', 'attribute_mapping["custom:x"]'. */
export function pathLabel(path: DocPath): string {
  let start = path.length - 1;
  while (start > 0 && (typeof path[start] === 'number' || !IDENTIFIER.test(String(path[start])))) start -= 1;
  const label = formatPath(path.slice(Math.max(start, 0)));
  return label === '' ? 'the document' : label;
}

/** Decodes an ajv instancePath (JSON Pointer) against the data it points into, so array indices stay numbers. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return path;
}

export function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string' && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
