// Terraform reports dependency cycles only at plan time, and terraform cannot run here (no
// providers offline). This walks every reference in a synthesized stack instead: each resource,
// data source and local is a node, and each `${...}` expression or depends_on entry naming
// another node is an edge.

/** The parts of a synthesized cdk.tf.json this walk reads. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly locals?: Record<string, unknown>;
}

/** Node address -> addresses it references (sorted). */
export type ReferenceGraph = ReadonlyMap<string, readonly string[]>;

const ADDRESS = /\b(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*/g;

export function referenceGraph(stack: SynthesizedStack): ReferenceGraph {
  const bodies = new Map<string, unknown>();
  for (const [type, blocks] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(blocks)) bodies.set(`${type}.${name}`, body);
  }
  for (const [type, blocks] of Object.entries(stack.data ?? {})) {
    for (const [name, body] of Object.entries(blocks)) bodies.set(`data.${type}.${name}`, body);
  }
  for (const [name, value] of Object.entries(stack.locals ?? {})) bodies.set(`local.${name}`, value);

  const graph = new Map<string, readonly string[]>();
  for (const [address, body] of bodies) {
    const edges = new Set<string>();
    for (const text of strings(body)) {
      // depends_on holds bare addresses; everything else references inside ${...}.
      const candidates = bodies.has(text) ? [text] : expressions(text).flatMap((expr) => expr.match(ADDRESS) ?? []);
      for (const candidate of candidates) if (bodies.has(candidate)) edges.add(candidate);
    }
    graph.set(address, [...edges].sort());
  }
  return graph;
}

/** The first cycle found, as a path that starts and ends at the same node; undefined when there is none. */
export function findCycle(graph: ReferenceGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) yield* strings(item);
}

/** The bodies of the top-level `${...}` interpolations in a template string, nested braces included. */
function expressions(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf('${');
  while (start !== -1) {
    let depth = 0;
    let end = start + 2;
    for (; end < text.length; end++) {
      const char = text[end];
      if (char === '{') depth++;
      else if (char === '}') {
        if (depth === 0) break;
        depth--;
      }
    }
    found.push(text.slice(start + 2, end));
    start = text.indexOf('${', end);
  }
  return found;
}
