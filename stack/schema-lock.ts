import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The lock file next to the policies: every custom attribute the pool has ever had. */
export const SCHEMA_LOCK_FILE = 'custom-attributes.lock';

export interface SchemaLock {
  /** Attributes to keep in the pool although no policy declares them any more. */
  readonly retained: readonly string[];
}

/**
 * Cognito can add a custom attribute to a pool but never remove or change one: a configuration
 * that drops one plans an in-place change that fails at apply, part-way ("cannot modify or remove
 * schema items"). The lock is committed with the policies and lists every custom attribute ever
 * declared, one per line, `<name>` or `<name> retained: <why>`. Synth refuses a declared
 * attribute missing from the lock (add it: the diff shows the pool gains it for good) and a locked
 * attribute no policy declares unless it says why it is retained (the pool then keeps it).
 * Returns undefined when there is no lock file.
 */
export function checkSchemaLock(policiesDir: string, declared: ReadonlyMap<string, string>): SchemaLock | undefined {
  const path = join(policiesDir, SCHEMA_LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const shown = relative(process.cwd(), path) || path;
  const entries = new Map<string, { line: number; retained?: string }>();
  const problems: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = text.replace(/#.*$/, '').trim();
      if (line === '') return;
      const match = /^(custom:[^\s]+)(?:\s+retained:\s*(.+))?$/.exec(line);
      if (!match) {
        problems.push(`${shown}:${index + 1}: expected 'custom:<name>' or 'custom:<name> retained: <why>'`);
        return;
      }
      entries.set(match[1] as string, { line: index + 1, ...(match[2] ? { retained: match[2] } : {}) });
    });
  for (const [name, where] of declared) {
    if (!entries.has(name)) {
      problems.push(
        `${where}: ${name} is not in ${shown}: add the line '${name}'. The pool gains it for good ` +
          '(Cognito can add a custom attribute but never remove one), so the lock records it.',
      );
    }
  }
  for (const [name, entry] of entries) {
    if (!declared.has(name) && entry.retained === undefined) {
      problems.push(
        `${shown}:${entry.line}: ${name} is locked but no policy declares it any more. Cognito cannot remove a custom ` +
          "attribute from a user pool: the apply would fail part-way ('cannot modify or remove schema items'). " +
          `Keep it: write '${name} retained: <why>' (the pool keeps the attribute, unused).`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`custom attribute lock:\n${problems.join('\n')}`);
  return { retained: [...entries].filter(([name]) => !declared.has(name)).map(([name]) => name) };
}
