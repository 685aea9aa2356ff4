// Where a bulk command writes: every output path is opened (created or truncated) before the first
// request to Cognito, so a report or journal that cannot be written stops the command while nothing
// has changed yet. The JSON report is one JSON document written as the rows finish (its `rows` array
// streamed, the counts at the end): 100,000 rows never sit in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** An output file, opened now; undefined path: none asked for. */
export async function openOutput(path: string, option: string): Promise<WriteStream | { readonly error: string }> {
  const stream = createWriteStream(path, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { error: `${option}: cannot write '${path}': ${why}` };
  }
  return stream;
}

export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export class JsonReport {
  private rows = 0;

  constructor(private readonly stream: WriteStream) {}

  /** The report's fields before its rows (format, command, pool, input, ...). */
  async start(header: Readonly<Record<string, unknown>>): Promise<void> {
    const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
    await write(this.stream, `${head},\n  "rows": [`);
  }

  async row(entry: Readonly<Record<string, unknown>>): Promise<void> {
    await write(this.stream, `${this.rows === 0 ? '\n' : ',\n'}    ${JSON.stringify(entry)}`);
    this.rows += 1;
  }

  /** The fields after the rows (counts, stopped, finished); closes the file. */
  async finish(footer: Readonly<Record<string, unknown>>): Promise<void> {
    const tail = JSON.stringify(footer, null, 2).replace(/^{\n/, '');
    await write(this.stream, `${this.rows === 0 ? '' : '\n  '}],\n${tail}\n`);
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
