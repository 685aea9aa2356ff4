// prelink's input: CSV with a header row, or JSON Lines, one link per row:
//   user       a username, or an email one user holds
//   provider   the identity provider (the policy's name; case is taken from the policy)
//   subject    the IdP subject (SAML NameID, OIDC sub), exact case
//   or, SAML/OIDC only, attribute_name + attribute_value: link on a user pool attribute mapped
//   from an IdP claim, e.g. email (AdminLinkProviderForUser, docs/cognito-facts.md §4)
import { createHash } from 'node:crypto';
import { parseCsv } from './csv';

export interface PrelinkRow {
  /** 1-based position among the rows. */
  readonly row: number;
  /** Line in the file, for messages. */
  readonly line: number;
  readonly user: string;
  readonly provider: string;
  readonly subject?: string;
  readonly attributeName?: string;
  readonly attributeValue?: string;
  /** Identifies the row's content in the journal (no raw values there). */
  readonly key: string;
}

export type InputRow = PrelinkRow | { readonly row: number; readonly line: number; readonly problem: string; readonly key: string };

const COLUMNS = ['user', 'provider', 'subject', 'attribute_name', 'attribute_value'] as const;
type Column = (typeof COLUMNS)[number];

/** .csv by name, else JSON Lines when the first non-blank character is '{'. */
export function parseInput(text: string, name: string): { readonly rows: InputRow[] } | { readonly error: string } {
  const jsonLines = !name.toLowerCase().endsWith('.csv') && text.trimStart().startsWith('{');
  return jsonLines ? parseJsonLines(text) : parseCsvInput(text);
}

function parseCsvInput(text: string): { readonly rows: InputRow[] } | { readonly error: string } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const [header, ...body] = records;
  if (!header) return { error: 'the file is empty' };
  const names = header.fields.map((field) => field.trim().toLowerCase());
  const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) return { error: `line ${header.line}: unknown column ${unknown.map((name) => `'${name}'`).join(', ')}; the columns are ${COLUMNS.join(', ')}` };
  for (const required of ['user', 'provider'] as const) if (!names.includes(required)) return { error: `line ${header.line}: the header has no '${required}' column` };
  return {
    rows: body.map((record, index) => {
      if (record.fields.length !== names.length) {
        return { row: index + 1, line: record.line, problem: `${record.fields.length} fields for ${names.length} columns`, key: keyOf(record.fields) };
      }
      const values: Partial<Record<Column, string>> = {};
      names.forEach((name, column) => {
        const value = record.fields[column]!.trim();
        if (value !== '') values[name as Column] = value;
      });
      return toRow(index + 1, record.line, values);
    }),
  };
}

function parseJsonLines(text: string): { readonly rows: InputRow[] } {
  const rows: InputRow[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const row = rows.length + 1;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      rows.push({ row, line, problem: 'not a JSON object', key: keyOf([raw]) });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rows.push({ row, line, problem: 'not a JSON object', key: keyOf([raw]) });
      return;
    }
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).filter((name) => !(COLUMNS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      rows.push({ row, line, problem: `unknown key ${unknown.join(', ')}; the keys are ${COLUMNS.join(', ')}`, key: keyOf([raw]) });
      return;
    }
    const values: Partial<Record<Column, string>> = {};
    for (const column of COLUMNS) {
      const field = record[column];
      if (field === undefined || field === null) continue;
      if (typeof field !== 'string') {
        rows.push({ row, line, problem: `${column} must be a string`, key: keyOf([raw]) });
        return;
      }
      if (field.trim() !== '') values[column] = field.trim();
    }
    rows.push(toRow(row, line, values));
  });
  return { rows };
}

function toRow(row: number, line: number, values: Partial<Record<Column, string>>): InputRow {
  const key = keyOf(COLUMNS.map((column) => values[column] ?? ''));
  const { user, provider, subject, attribute_name: attributeName, attribute_value: attributeValue } = values;
  if (user === undefined) return { row, line, problem: 'no user', key };
  if (provider === undefined) return { row, line, problem: 'no provider', key };
  if (/[\p{Cc}\p{Cf}]/u.test(Object.values(values).join(''))) return { row, line, problem: 'control or format characters', key };
  const byAttribute = attributeName !== undefined || attributeValue !== undefined;
  if (subject !== undefined && byAttribute) return { row, line, problem: 'give subject, or attribute_name and attribute_value, not both', key };
  if (subject === undefined && !byAttribute) return { row, line, problem: 'no subject (or attribute_name and attribute_value)', key };
  if (byAttribute && (attributeName === undefined || attributeValue === undefined)) return { row, line, problem: 'attribute_name and attribute_value go together', key };
  return {
    row,
    line,
    user,
    provider,
    ...(subject !== undefined ? { subject } : { attributeName: attributeName!, attributeValue: attributeValue! }),
    key,
  };
}

function keyOf(values: readonly string[]): string {
  return createHash('sha256').update(values.join('\u0000')).digest('hex').slice(0, 32);
}
