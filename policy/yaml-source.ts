// Parses one policy file into plain data while keeping every node's position, so that any later
// check can point at file:line:column. Policy files come from pull requests: the parser must
// treat them as hostile (size, nesting, aliases, binary content) and never crash or hang.
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, visit, type CST, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DocPath } from './json-path';
import { START_OF_FILE, type Position, type Problem } from './problems';

/** Policies are small; a larger file is a mistake or an attack. Checked before parsing. */
export const MAX_POLICY_FILE_BYTES = 256 * 1024;
/** Policies nest about 6 levels deep. The yaml composer recurses per level, so deep input must not reach it. */
export const MAX_NESTING_DEPTH = 64;
/**
 * Policies hold lists of at most 50 entries. Longer collections are refused before validation,
 * whose cost grows faster than linearly with them (ajv compares uniqueItems pairwise).
 */
export const MAX_COLLECTION_ENTRIES = 1000;
/** Bounds alias expansion (billion laughs) when converting to plain data. */
export const MAX_ALIAS_COUNT = 100;

export interface PolicySource {
  /** The file as shown in messages, e.g. 'policies/acme.yaml'. */
  readonly path: string;
  readonly text: string;
}

/** A parsed file: its plain data and a way back from a path in that data to a position in the text. */
export interface ParsedYaml {
  readonly file: string;
  readonly data: unknown;
  /** Where the value at `path` starts ('value'), or its key ('key'); the nearest existing ancestor when missing. */
  locate(path: DocPath, part?: 'key' | 'value'): Position;
}

export type ParseResult = { ok: true; parsed: ParsedYaml } | { ok: false; problems: Problem[] };

const BOM = '\uFEFF';
// YAML allows only printable characters (YAML 1.2 §5.1); U+FFFD marks bytes that were not UTF-8.
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFD\uFFFE\uFFFF]/u;

export function parsePolicyYaml(source: PolicySource): ParseResult {
  const bytes = Buffer.byteLength(source.text, 'utf8');
  if (bytes > MAX_POLICY_FILE_BYTES) return { ok: false, problems: [tooLarge(source.path, bytes)] };
  // Editors hide a leading byte order mark; dropping it keeps columns as the editor shows them.
  const text = source.text.startsWith(BOM) ? source.text.slice(1) : source.text;
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const fail = (position: Position, rule: string, message: string, hint: string): ParseResult => ({
    ok: false,
    problems: [{ file: source.path, ...position, path: '', rule, message, hint, severity: 'error' }],
  });

  const badCharacter = NOT_TEXT.exec(text);
  if (badCharacter) {
    const code = badCharacter[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return fail(
      positionIn(text, badCharacter.index),
      'file.not-text',
      `the file is not UTF-8 text: it contains the character U+${code}`,
      'Policies are plain UTF-8 YAML. Remove the character, or re-save the file as UTF-8 if it was written in another encoding.',
    );
  }
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = firstTooDeep(tokens);
  if (deep !== undefined) {
    return fail(
      at(deep),
      'yaml.too-deep',
      `the YAML nests more than ${MAX_NESTING_DEPTH} levels deep`,
      'A policy nests about 6 levels. Look for unbalanced [ or { brackets.',
    );
  }

  // Duplicate keys are found by collectionProblems below: the library's own check compares every pair of keys.
  const composer = new Composer({ uniqueKeys: false, strict: true, prettyErrors: false, merge: false });
  const documents = Array.from(composer.compose(tokens, true, text.length));
  const doc = documents[0]!;
  const problems: Problem[] = [];
  // Unresolved tags are reported once, by explicitTags, with the tag's own position.
  for (const error of [...doc.errors, ...doc.warnings.filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED')]) {
    const { rule, message, hint } = describeYamlError(error.code, error.message);
    problems.push({ file: source.path, ...at(error.pos[0]), path: '', rule, message, hint, severity: 'error' });
  }
  const second = documents[1];
  if (second) {
    problems.push({
      file: source.path,
      ...at(second.range[0]),
      path: '',
      rule: 'yaml.multiple-documents',
      message: 'the file holds more than one YAML document',
      hint: 'Keep one policy per file: remove the `---` separator and everything after it, or move it to its own file.',
      severity: 'error',
    });
  }
  problems.push(...collectionProblems(doc, source.path, at));
  problems.push(...explicitTags(doc, text, source.path, at));
  if (problems.length > 0) return { ok: false, problems };

  const cycle = firstCyclicAlias(doc);
  if (cycle !== undefined) {
    return fail(
      at(cycle),
      'yaml.alias-cycle',
      'this alias refers to the collection it sits in, which would make the value infinitely deep',
      'Write the values out instead of referring to the enclosing anchor (&name ... *name).',
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return fail(
      firstAlias(doc, at),
      'yaml.alias-limit',
      `the YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes`,
      'Write the values out instead of nesting aliases (*name) inside anchored collections.',
    );
  }
  return { ok: true, parsed: { file: source.path, data, locate: (path, part) => locate(doc, path, part ?? 'value', at) } };
}

export function tooLarge(file: string, bytes: number): Problem {
  return {
    file,
    ...START_OF_FILE,
    path: '',
    rule: 'file.too-large',
    message: `the file is ${bytes} bytes; a policy file may be at most ${MAX_POLICY_FILE_BYTES} bytes (256 KiB)`,
    hint: 'A tenant policy is a few kilobytes. Check that the right file was committed.',
    severity: 'error',
  };
}

/** Offset of the first collection nested deeper than allowed, found on the parser's tokens (no recursion). */
function firstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_NESTING_DEPTH) return token.offset;
      for (const item of token.items) {
        if (item.key) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function describeYamlError(code: string, libraryMessage: string): { rule: string; message: string; hint: string } {
  const rule = `yaml.${code.toLowerCase().replace(/_/g, '-')}`;
  const message = lowerFirst(libraryMessage.split('\n')[0]!.replace(/\.$/, ''));
  switch (code) {
    case 'TAB_AS_INDENT':
      return { rule, message: 'tabs are not allowed as indentation in YAML', hint: 'Indent with spaces (two per level).' };
    default:
      return { rule, message, hint: 'Fix the YAML syntax here; an editor with the YAML language server shows the problem as you type.' };
  }
}

/** Oversized lists and mappings, and duplicate keys (found with a set: the library compares every pair). */
function collectionProblems(doc: Document, file: string, at: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  const oversized = (node: YAMLMap | YAMLSeq): boolean => {
    if (node.items.length <= MAX_COLLECTION_ENTRIES) return false;
    problems.push({
      file,
      ...(node.range ? at(node.range[0]) : START_OF_FILE),
      path: '',
      rule: 'yaml.too-many-entries',
      message: `this ${isMap(node) ? 'mapping' : 'list'} has ${node.items.length} entries; policies allow at most ${MAX_COLLECTION_ENTRIES}`,
      hint: 'Policy lists hold at most 50 entries: check that the right file was committed.',
      severity: 'error',
    });
    return true;
  };
  visit(doc, {
    Seq(_key, seq) {
      if (oversized(seq)) return visit.SKIP;
      return undefined;
    },
    Map(_key, map) {
      if (oversized(map)) return visit.SKIP;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = keyText(pair.key);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const range = (pair.key as Node | null)?.range;
        problems.push({
          file,
          ...(range ? at(range[0]) : START_OF_FILE),
          path: '',
          rule: 'yaml.duplicate-key',
          message: 'this key appears twice in the same mapping',
          hint: 'Keep one of the two entries: YAML would silently use the last one.',
          severity: 'error',
        });
      }
      return undefined;
    },
  });
  return problems;
}

/** Tags (!!binary, !custom) would turn values into things no policy field holds; policies need none. */
function explicitTags(doc: Document, text: string, file: string, at: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  visit(doc, (_key, node) => {
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && node.range) {
      // The node's range starts after its tag; point at the tag's first '!'.
      let start = text.lastIndexOf('!', node.range[0] - 1);
      while (start > 0 && text[start - 1] === '!') start -= 1;
      problems.push({
        file,
        ...at(Math.max(start, 0)),
        path: '',
        rule: 'yaml.tag',
        message: `explicit YAML tags are not allowed (found ${node.tag.replace('tag:yaml.org,2002:', '!!')})`,
        hint: 'Remove the tag; quote the value if it must stay a string.',
        severity: 'error',
      });
    }
  });
  return problems;
}

/**
 * Offset of the first alias inside the collection its anchor names. toJS turns such an alias into a
 * cyclic object (one alias, so maxAliasCount never trips), and every later walk over it recurses
 * without end. An anchor spans its collection's source range, so containment is a range test.
 */
function firstCyclicAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, alias) {
      const target = alias.resolve(doc);
      if (!alias.range || !target?.range || !(isMap(target) || isSeq(target))) return undefined;
      if (alias.range[0] >= target.range[0] && alias.range[0] < target.range[1]) {
        offset = alias.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

function firstAlias(doc: Document, at: (offset: number) => Position): Position {
  let position = START_OF_FILE;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) position = at(node.range[0]);
      return visit.BREAK;
    },
  });
  return position;
}

function locate(doc: Document, path: DocPath, part: 'key' | 'value', at: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: { key?: Node; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (pair) next = { key: pair.key as Node, value: pair.value };
    } else if (isSeq(node) && typeof segment === 'number') {
      if (segment < node.items.length) next = { value: node.items[segment] };
    }
    if (!next) return position(keyNode) ?? position(node) ?? START_OF_FILE;
    keyNode = next.key;
    node = next.value ?? undefined;
  }
  if (part === 'key' && keyNode) return position(keyNode) ?? START_OF_FILE;
  return position(node) ?? position(keyNode) ?? START_OF_FILE;

  function position(target: unknown): Position | undefined {
    const range = (target as Node | undefined)?.range;
    // An empty value (`key:` and nothing) sits at the end of the line; its key is clearer.
    if (!range || (isScalar(target) && range[0] === range[1])) return undefined;
    return at(range[0]);
  }
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** Key text -> last pair with that key (the one toJS keeps), built once per mapping. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map(map.items.map((pair) => [keyText(pair.key), pair] as const));
    pairIndexes.set(map, index);
  }
  return index;
}

function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** A key as toJS turns it into an object key. */
function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return key === null ? '' : String(key);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
