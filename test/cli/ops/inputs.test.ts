// The bulk machinery's parts: CSV both ways, the streamed row reader and prelink's rows, the
// write-ahead journal (resume state, torn lines, group commit), the runner (order, keys, retries,
// interruption) and the quota budget and limiter.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, RowSet } from '../../../cli/ops/bulk/journal';
import { quotaBoundSeconds, quotaBudget, RateLimiter } from '../../../cli/ops/bulk/quota';
import { InputError, inputDigest, readRows, type InputRecord } from '../../../cli/ops/bulk/rows';
import { runBulk } from '../../../cli/ops/bulk/runner';
import { csvLine, parseCsv } from '../../../cli/ops/csv';
import { PRELINK_COLUMNS, prelinkRow } from '../../../cli/ops/prelink-input';

const dir = mkdtempSync(join(tmpdir(), 'bulk-parts-'));
let files = 0;
function file(text: string, name = 'rows.csv'): string {
  files += 1;
  const path = join(dir, `${files}-${name}`);
  writeFileSync(path, text);
  return path;
}

async function all(path: string, columns: readonly string[] = PRELINK_COLUMNS): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const record of readRows(path, path, columns)) out.push(record);
  return out;
}

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

describe('streamed rows and prelink rows', () => {
  it('CSV read line by line: quoted line breaks, a BOM, CRLF; subject or attribute; the evidence is required', async () => {
    const path = file(
      [
        '\uFEFFuser,provider,subject,attribute_name,attribute_value,idp_email',
        'alice,AcmeEntraID,Obj-1,,,alice@acme.com\r',
        'bob@acme.com,AcmeEntraID,,email,bob@acme.com,',
        ',AcmeEntraID,Obj-3,,,x@acme.com',
        'carol,AcmeEntraID,Obj-4,email,x,c@acme.com',
        '"dave',
        'two lines",AcmeEntraID,Obj-5,,,',
        'erin,AcmeEntraID',
      ].join('\n'),
    );
    const rows = (await all(path)).map(prelinkRow);
    expect(rows.map((row) => ('problem' in row ? `${row.row}@${row.line}: ${row.problem}` : `${row.row}@${row.line}: ${row.user} ${row.link.kind === 'subject' ? row.link.subject : `${row.link.name}=${row.link.value}`} ${row.idpEmail}`))).toEqual([
      '1@2: alice Obj-1 alice@acme.com',
      '2@3: bob@acme.com email=bob@acme.com bob@acme.com',
      '3@4: no user',
      '4@5: give subject, or attribute_name and attribute_value, not both',
      '5@6: control or format characters',
      '6@8: 2 fields for 6 columns',
    ]);
    expect((await inputDigest(path)).lines).toBe(8);
  });

  it('a row without the evidence, or with a malformed email_verified, is a row problem', async () => {
    const rows = (await all(file('user,provider,subject,idp_email,idp_email_verified\nalice,AcmeEntraID,Obj-1,,\nbob,GlobexOkta,00u1,b@globex.example,yes\n'))).map(prelinkRow);
    expect(rows.map((row) => ('problem' in row ? row.problem : 'ok'))).toEqual([
      'no idp_email: the email the IdP asserts for this identity is the evidence that it belongs to the user',
      "idp_email_verified is 'true' or 'false' (got 'yes')",
    ]);
  });

  it('an unknown or repeated column, or an unclosed quote, is an input error', async () => {
    await expect(all(file('user,provider,sub\n'))).rejects.toThrow(new InputError("line 1: unknown column 'sub'; the columns are user, provider, subject, attribute_name, attribute_value, idp_email, idp_email_verified, idp_match_value"));
    await expect(all(file('user,user\n'))).rejects.toThrow("the column 'user' appears twice");
    await expect(all(file('user,provider\n"open,x\n'))).rejects.toThrow('line 2: a quoted field is not closed');
    await expect(all(file(''))).rejects.toThrow('the file is empty');
  });

  it('JSON Lines: objects with string values; a key named like an Object member is an unknown key, not a lookup', async () => {
    const text = '{"user":"alice","provider":"AcmeEntraID","subject":"Obj-1","idp_email":"a@acme.com"}\n\n[1]\n{"user":"bob","provider":"X","subject":7}\n{"user":"c","provider":"X","constructor":"s"}\n{"__proto__":{"user":"x"}}\n';
    const records = await all(file(text, 'rows.jsonl'));
    expect(records.map((record) => ('problem' in record ? `${record.line}: ${record.problem}` : `${record.line}: ok`))).toEqual([
      '1: ok',
      '3: not a JSON object',
      '4: subject must be a string',
      `5: unknown key constructor; the keys are ${PRELINK_COLUMNS.join(', ')}`,
      `6: unknown key __proto__; the keys are ${PRELINK_COLUMNS.join(', ')}`,
    ]);
  });
});

describe('journal', () => {
  const header = { journal: 'link-policy prelink', pool: 'eu-west-1_Pool1', input_sha256: 'a'.repeat(64) };

  it('rows done are skipped on resume, rows with an intent and no done are in doubt; another pool or input is refused', async () => {
    const path = join(dir, 'a.jsonl');
    const first = await Journal.open(path, header);
    if ('error' in first) throw new Error(first.error);
    await Promise.all([first.intent(1), first.intent(2), first.intent(4)]);
    await Promise.all([first.done(1, 'linked'), first.done(3, 'refused', 'unverified'), first.done(4, 'already_linked')]);
    await first.close();
    const second = await Journal.open(path, header);
    if ('error' in second) throw new Error(second.error);
    expect([1, 2, 3, 4].map((row) => `${row}:${second.resume.done.has(row) ? 'done' : second.resume.inDoubt.has(row) ? 'doubt' : '-'}`)).toEqual(['1:done', '2:doubt', '3:-', '4:done']);
    await second.close();
    expect(await Journal.open(path, { ...header, pool: 'eu-west-1_Other' })).toEqual({ error: `${path} is the journal of pool eu-west-1_Pool1, not eu-west-1_Other: pass another --journal` });
    expect(await Journal.open(path, { ...header, input_sha256: 'b'.repeat(64) })).toEqual({ error: `${path} was started with another input (the file changed since): restore it, or pass another --journal` });
    expect(await Journal.open(path, { ...header, journal: 'link-policy unlink' })).toEqual({ error: `${path} is not a link-policy unlink journal` });
  });

  it('a line torn by a kill mid-write is cut off, even one that parses but lost its newline; an unreadable line before the end is refused', async () => {
    const path = join(dir, 'b.jsonl');
    const head = `${JSON.stringify(header)}\n`;
    writeFileSync(path, `${head}{"row":1,"phase":"done","outcome":"linked"}\n{"row":2,"ph`);
    const torn = await Journal.open(path, header);
    if ('error' in torn) throw new Error(torn.error);
    expect(torn.resume.done.has(1)).toBe(true);
    await torn.done(2, 'linked');
    await torn.close();
    expect(readFileSync(path, 'utf8')).toBe(`${head}{"row":1,"phase":"done","outcome":"linked"}\n{"row":2,"phase":"done","outcome":"linked"}\n`);

    writeFileSync(path, `${head}{"row":1,"phase":"done","outcome":"linked"}`);
    const unterminated = await Journal.open(path, header);
    if ('error' in unterminated) throw new Error(unterminated.error);
    expect(unterminated.resume.done.has(1)).toBe(false);
    await unterminated.close();
    expect(readFileSync(path, 'utf8')).toBe(head);

    writeFileSync(path, `${head}not json\n{"row":1,"phase":"done","outcome":"linked"}\n`);
    expect(await Journal.open(path, header)).toEqual({ error: `${path}: line 2 is unreadable` });
  });

  it('row sets are bit sets that grow', () => {
    const set = new RowSet();
    set.add(3);
    set.add(100_000);
    set.add(3);
    expect([set.has(3), set.has(4), set.has(100_000), set.size]).toEqual([true, false, true, 2]);
    set.delete(3);
    expect([set.has(3), set.size]).toEqual([false, 1]);
  });
});

describe('runner', () => {
  async function* numbered(count: number): AsyncGenerator<{ row: number; key: string }> {
    for (let row = 1; row <= count; row += 1) yield { row, key: `k${row % 3}` };
  }

  it('emits in input order whatever the finishing order; rows sharing a key never overlap; a retried row comes back', async () => {
    const emitted: number[] = [];
    const running = new Set<string>();
    let overlaps = 0;
    const tries = new Map<number, number>();
    const outcome = await runBulk({
      source: numbered(30),
      concurrency: 8,
      retryPauseMs: 1,
      keys: (item) => [item.key],
      work: async (item) => {
        if (running.has(item.key)) overlaps += 1;
        running.add(item.key);
        await new Promise((resolve) => setTimeout(resolve, (item.row * 7) % 5));
        running.delete(item.key);
        tries.set(item.row, (tries.get(item.row) ?? 0) + 1);
        return item.row === 7 && tries.get(7) === 1 ? { retry: 'throttled' } : item.row;
      },
      emit: (item, result) => {
        expect(result).toBe(item.row);
        emitted.push(item.row);
      },
    });
    expect(outcome).toEqual({});
    expect(emitted).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(overlaps).toBe(0);
    expect(tries.get(7)).toBe(2);
  });

  it('a row that keeps failing stops the run cleanly; an abort stops taking rows', async () => {
    const stopped = await runBulk({ source: numbered(5), concurrency: 1, retries: 2, retryPauseMs: 1, keys: () => [], work: async (item) => (item.row === 2 ? { retry: 'throttled' } : item.row), emit: () => undefined });
    expect(stopped).toEqual({ stopped: 'row 2: throttled, still after 3 tries' });
    const controller = new AbortController();
    const seen: number[] = [];
    const aborted = await runBulk({
      source: numbered(100),
      concurrency: 1,
      signal: controller.signal,
      keys: () => [],
      work: async (item) => {
        if (item.row === 3) controller.abort();
        return item.row;
      },
      emit: (item) => void seen.push(item.row),
    });
    expect(aborted).toEqual({ stopped: 'interrupted' });
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('quotas', () => {
  it('budget: a share of the default quotas, with raised ones overriding; the quota-bound time is the slowest category', () => {
    const budget = quotaBudget(0.5, ['UserRead=200']);
    if ('error' in budget) throw new Error(budget.error);
    expect(budget).toEqual({ UserList: 15, UserRead: 100, UserUpdate: 12.5, UserPoolRead: 7.5 });
    expect(quotaBoundSeconds({ UserList: 150, UserRead: 150, UserUpdate: 100 }, budget)).toBe(10);
    expect(quotaBudget(1.5, [])).toEqual({ error: '--quota-share needs a number in (0, 1] (got 1.5)' });
    expect(quotaBudget(1, ['constructor=5'])).toEqual({ error: "--quota: unknown category 'constructor' (UserList, UserRead, UserUpdate, UserPoolRead)" });
  });

  it('the limiter spaces requests evenly at its rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(4, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    for (let i = 0; i < 4; i += 1) await limiter.take();
    expect(waits).toEqual([250, 250, 250]);
  });
});
