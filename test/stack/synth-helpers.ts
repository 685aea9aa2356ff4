// Shared by the stack tests: synthesize a LinkPolicyStack in memory (cdktf Testing app in a temp
// directory) and read the result as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import { Testing } from '../../stack/cdktf';
import { LinkPolicyStack, type LinkPolicyStackProps } from '../../stack';

export const EXAMPLE_POLICIES = join(packageRoot(), 'policies');

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed after the test file. */
export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

export interface Synthesized {
  readonly stack: LinkPolicyStack;
  /** Testing.synth output: sorted JSON text, what the cdktf matchers take. */
  readonly text: string;
  readonly json: TerraformJson;
}

/** The parts of the synthesized JSON the tests read. */
export interface TerraformJson {
  readonly resource: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
  readonly variable: Record<string, Record<string, any>>;
  readonly output: Record<string, Record<string, any>>;
  readonly provider?: Record<string, any>;
  readonly terraform: Record<string, any>;
  readonly locals?: Record<string, unknown>;
}

export function synthStack(props: LinkPolicyStackProps, id = 'test-stack'): Synthesized {
  const app = Testing.app({ outdir: temporaryDir('link-policy-stack') });
  const stack = new LinkPolicyStack(app, id, props);
  const text = Testing.synth(stack);
  return { stack, text, json: JSON.parse(text) as TerraformJson };
}

/** The only resource of a type (fails loudly when there are several or none). */
export function only(json: TerraformJson, type: string): Record<string, any> {
  const blocks = Object.values(json.resource[type] ?? {});
  if (blocks.length !== 1) throw new Error(`expected one ${type}, found ${blocks.length}`);
  return blocks[0] as Record<string, any>;
}

/** All resources of a type, by logical name. */
export function all(json: TerraformJson, type: string): Record<string, Record<string, any>> {
  return json.resource[type] ?? {};
}

/** `${aws_x.name.attr}` for the only resource of a type. */
export function ref(json: TerraformJson, type: string, attribute: string): string {
  const names = Object.keys(json.resource[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}
