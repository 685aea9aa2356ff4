// Bulk input, read as a stream: CSV with a header row (RFC 4180, a quoted field may span lines) or
// JSON Lines, one record per row, so 100,000 rows cost what one row costs in memory. Each record
// becomes named string values (the command's columns only) or a problem the row is reported with.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseCsv } from '../csv';

export interface RowValues {
  /** 1-based position among the rows. */
  readonly row: number;
  /** Line in the file where the row starts, for messages. */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface RowProblem {
  readonly row: number;
  readonly line: number;
  readonly problem: string;
}

export type InputRecord = RowValues | RowProblem;

/** The whole input is unusable (a header problem, a quote never closed): a usage error before any work. */
export class InputError extends Error {}

/** .csv by name; otherwise JSON Lines when the first non-blank character is '{', else CSV. */
export async function* readRows(path: string, displayName: string, columns: readonly string[]): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let format: 'csv' | 'jsonl' | undefined = displayName.toLowerCase().endsWith('.csv') ? 'csv' : undefined;
  let header: string[] | undefined;
  let pending: { text: string; line: number } | undefined;
  let lineNumber = 0;
  let row = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (pending === undefined && text.trim() === '') continue;
    format ??= text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    if (format === 'jsonl') {
      row += 1;
      yield jsonRecord(row, lineNumber, text, columns);
      continue;
    }
    // A quoted field may hold line breaks: gather lines until the quotes balance.
    pending = pending ? { text: `${pending.text}\n${text}`, line: pending.line } : { text, line: lineNumber };
    if (quoteCount(pending.text) % 2 === 1) continue;
    const [record] = parseCsv(pending.text);
    const start = pending.line;
    pending = undefined;
    if (!record) continue;
    if (!header) {
      header = csvHeader(record.fields, start, columns);
      continue;
    }
    row += 1;
    yield csvRecord(row, start, header, record.fields);
  }
  if (pending) throw new InputError(`line ${pending.line}: a quoted field is not closed`);
  if (format === 'csv' && !header) throw new InputError('the file is empty');
}

/**
 * sha256 of the file, read as a stream (a journal is tied to the exact input it was started with),
 * and its line count (the progress line's estimate of the rows to come).
 */
export async function inputDigest(path: string): Promise<{ readonly sha256: string; readonly lines: number }> {
  const hash = createHash('sha256');
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    for (let index = bytes.indexOf(0x0a); index >= 0; index = bytes.indexOf(0x0a, index + 1)) lines += 1;
    if (bytes.length > 0) last = bytes[bytes.length - 1]!;
  }
  return { sha256: hash.digest('hex'), lines: lines + (last === 0x0a ? 0 : 1) };
}

function quoteCount(text: string): number {
  let count = 0;
  for (let index = text.indexOf('"'); index >= 0; index = text.indexOf('"', index + 1)) count += 1;
  return count;
}

function csvHeader(fields: readonly string[], line: number, columns: readonly string[]): string[] {
  const names = fields.map((field) => field.trim().toLowerCase());
  const unknown = names.filter((name) => !columns.includes(name));
  if (unknown.length > 0) throw new InputError(`line ${line}: unknown column ${unknown.map((name) => `'${name}'`).join(', ')}; the columns are ${columns.join(', ')}`);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new InputError(`line ${line}: the column '${repeated}' appears twice`);
  return names;
}

function csvRecord(row: number, line: number, header: readonly string[], fields: readonly string[]): InputRecord {
  if (fields.length !== header.length) return { row, line, problem: `${fields.length} fields for ${header.length} columns` };
  const values: Record<string, string> = {};
  header.forEach((name, column) => {
    const value = fields[column]!.trim();
    if (value !== '') values[name] = value;
  });
  return { row, line, values };
}

function jsonRecord(row: number, line: number, text: string, columns: readonly string[]): InputRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { row, line, problem: 'not a JSON object' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { row, line, problem: 'not a JSON object' };
  const record = parsed as Record<string, unknown>;
  const unknown = Object.keys(record).filter((name) => !columns.includes(name));
  if (unknown.length > 0) return { row, line, problem: `unknown key ${unknown.join(', ')}; the keys are ${columns.join(', ')}` };
  const values: Record<string, string> = {};
  for (const column of columns) {
    if (!Object.hasOwn(record, column)) continue;
    const field = record[column];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') return { row, line, problem: `${column} must be a string` };
    if (field.trim() !== '') values[column] = field.trim();
  }
  return { row, line, values };
}
