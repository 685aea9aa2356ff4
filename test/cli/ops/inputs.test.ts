// prelink's input (CSV, JSON Lines), CSV output, and the journal that makes runs resumable.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, parseCsv } from '../../../cli/ops/csv';
import { Journal } from '../../../cli/ops/journal';
import { parseInput } from '../../../cli/ops/prelink-input';

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF, a BOM, and skips blank lines', () => {
    const text = '\uFEFFuser,provider\r\n"a,b","say ""hi"""\r\n\r\n"multi\nline",x\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['user', 'provider'] },
      { line: 2, fields: ['a,b', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'x'] },
    ]);
    expect(() => parseCsv('a,"open\n')).toThrow('line 1: a quoted field is not closed');
  });

  it('writes fields a spreadsheet would run as formulas with a leading apostrophe (CSV injection)', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'plain', 'a,b'])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),plain,"a,b"\n`);
  });
});

describe('prelink input', () => {
  it('CSV: one row per record, subject or attribute name and value, problems per row', () => {
    const text = [
      'user,provider,subject,attribute_name,attribute_value',
      'alice,AcmeEntraID,Obj-1,,',
      'bob@acme.com,AcmeEntraID,,email,bob@acme.com',
      ',AcmeEntraID,Obj-3,,',
      'carol,AcmeEntraID,Obj-4,email,x',
      'dave,AcmeEntraID,,email,',
      'erin,AcmeEntraID',
    ].join('\n');
    const parsed = parseInput(text, 'rows.csv');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.rows.map((row) => ('problem' in row ? `${row.row}@${row.line}: ${row.problem}` : `${row.row}@${row.line}: ${row.user} ${row.subject ?? `${row.attributeName}=${row.attributeValue}`}`))).toEqual([
      '1@2: alice Obj-1',
      '2@3: bob@acme.com email=bob@acme.com',
      '3@4: no user',
      '4@5: give subject, or attribute_name and attribute_value, not both',
      '5@6: attribute_name and attribute_value go together',
      '6@7: 2 fields for 5 columns',
    ]);
    expect(new Set(parsed.rows.map((row) => row.key)).size).toBe(6);
  });

  it('CSV: an unknown or missing column is an input error', () => {
    expect(parseInput('user,provider,sub\n', 'rows.csv')).toEqual({ error: "line 1: unknown column 'sub'; the columns are user, provider, subject, attribute_name, attribute_value" });
    expect(parseInput('user,subject\n', 'rows.csv')).toEqual({ error: "line 1: the header has no 'provider' column" });
  });

  it('JSON Lines: objects with string values; anything else is a row problem', () => {
    const text = '{"user":"alice","provider":"AcmeEntraID","subject":"Obj-1"}\n\n[1]\n{"user":"bob","provider":"X","subject":7}\n{"user":"c","provider":"X","subject":"s","extra":1}\n';
    const parsed = parseInput(text, 'rows.jsonl');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.rows.map((row) => ('problem' in row ? `${row.line}: ${row.problem}` : `${row.line}: ok`))).toEqual([
      '1: ok',
      '3: not a JSON object',
      '4: subject must be a string',
      '5: unknown key extra; the keys are user, provider, subject, attribute_name, attribute_value',
    ]);
  });
});

describe('journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prelink-journal-'));

  it('remembers finished rows across runs, by content key, for its pool only', () => {
    const path = join(dir, 'a.jsonl');
    const first = Journal.open(path, 'eu-west-1_Pool1');
    if ('error' in first) throw new Error(first.error);
    first.record({ row: 1, key: 'k1', outcome: 'linked' });
    first.record({ row: 2, key: 'k2', outcome: 'skipped', reason: 'user_not_found' });
    first.record({ row: 3, key: 'k3', outcome: 'already_linked' });
    first.close();
    const second = Journal.open(path, 'eu-west-1_Pool1');
    if ('error' in second) throw new Error(second.error);
    expect([...second.done].sort()).toEqual(['k1', 'k3']);
    second.close();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    expect(Journal.open(path, 'eu-west-1_Other')).toEqual({ error: `${path} is the journal of pool eu-west-1_Pool1, not eu-west-1_Other: pass another --journal` });
  });

  it('a line torn by a kill mid-write is ignored, and the next line starts on its own', () => {
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, '{"journal":"link-policy prelink","format":1,"pool":"p_1"}\n{"row":1,"key":"k1","outcome":"linked"}\n{"row":2,"ke');
    const journal = Journal.open(path, 'p_1');
    if ('error' in journal) throw new Error(journal.error);
    expect([...journal.done]).toEqual(['k1']);
    journal.record({ row: 2, key: 'k2', outcome: 'linked' });
    journal.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(JSON.parse(lines[3]!)).toMatchObject({ row: 2, key: 'k2' });
    writeFileSync(join(dir, 'c.jsonl'), 'not json\n{}\n');
    expect(Journal.open(join(dir, 'c.jsonl'), 'p_1')).toEqual({ error: `${join(dir, 'c.jsonl')} is not a prelink journal` });
  });
});
