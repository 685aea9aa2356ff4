// Finds literal secrets pasted into a policy file. Policies are reviewed in pull requests and kept
// in git forever, so a secret there is leaked; the schema only allows references to secrets, but a
// secret can also land in a free-text field or under a misspelt key. Runs on every parsed file,
// schema-valid or not, and never prints the value it found.
import { isRecord, pathLabel, type DocPath, type PathSegment } from './json-path';
import type { Problem } from './problems';
import { problemAt } from './report';
import type { ParsedYaml } from './yaml-source';

/** Fields that hold identifiers, names or references: long random-looking values are normal there. */
const IDENTIFIER_FIELDS = new Set([
  'id',
  'name',
  'client_id',
  'team_id',
  'key_id',
  'secret_id',
  'json_key',
  'terraform_variable',
  'issuer',
  'metadata_url',
  'metadata_file',
  'sso_provider',
  'attribute',
  'usernames',
  'emails',
  'domains',
  'nested_domains_allowed',
]);

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
// Bounded repetitions keep the scan linear on long hostile values.
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/@:]{1,256}:[^\s/@]{1,256}@/i;
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const TOKEN = /^[A-Za-z0-9+/=_.~-]{24,}$/;
/** Bits per character; random base64 or hex tokens of this length score 3.7-5, words and ids far less. */
const MIN_TOKEN_ENTROPY = 3.5;

export function findLiteralSecrets(parsed: ParsedYaml): Problem[] {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; path: PathSegment[] }> = [{ value: parsed.data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const kind = secretKind(value, fieldOf(path));
      if (kind) problems.push(problemAt(parsed, path, secretProblem(path, kind)));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

function fieldOf(path: DocPath): string | undefined {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const segment = path[index];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

/** What kind of secret the text looks like, or undefined. */
export function secretKind(text: string, field: string | undefined): string | undefined {
  if (PEM.test(text)) return 'a PEM key or certificate block';
  if (URL_WITH_PASSWORD.test(text)) return 'a URL with a password in it';
  if (AWS_ACCESS_KEY_ID.test(text)) return 'an AWS access key id';
  if (field !== undefined && IDENTIFIER_FIELDS.has(field)) return undefined;
  for (const word of text.split(/\s+/)) {
    if (word.includes('://')) continue;
    if (TOKEN.test(word) && /[0-9]/.test(word) && /[A-Za-z]/.test(word) && entropy(word) >= MIN_TOKEN_ENTROPY) {
      return 'a long random token';
    }
  }
  return undefined;
}

function entropy(word: string): number {
  const counts = new Map<string, number>();
  for (const character of word) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / word.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function secretProblem(path: DocPath, kind: string) {
  const label = pathLabel(path);
  return {
    rule: 'secret.literal',
    message: `${label} looks like a literal secret (${kind}); policy files may only reference secrets`,
    hint:
      'Remove it from the file and rotate it (it is in the git history now). Secrets are referenced: ' +
      'client_secret: { terraform_variable: <name> } or { secrets_manager: { secret_id: <name or ARN> } }; SAML metadata goes in metadata_url or metadata_file.',
  };
}
