// `link-policy validate [dir]`: checks the tenant policies and pool settings the way the stack will
// load them, and reports every problem with file:line:column. Exit 0 valid (warnings allowed),
// 1 invalid, 2 usage error.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPolicySet } from '../../policy';
import { OUTPUT_FORMATS, renderLoadResult, type OutputFormat } from '../format/problems';
import { EXIT, type CliIo } from '../io';
import { displayPath } from './paths';

const USAGE = `usage: link-policy validate [dir] [--format human|github|json]

Checks the tenant policies (<tenant id>.yaml) and pool settings (_pool.yaml) in dir
(default: policies/) against the schema and the cross-tenant rules.

options:
  --format human   one line per problem (file:line:column severity message (at json.path)), then its hint (default)
  --format github  GitHub Actions annotations (::error file=...,line=...,col=...::...)
  --format json    one JSON document (shape in docs/validate.md)
  -h, --help       show this help

exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error
`;

type Parsed = { help: true } | { help: false; dir: string; format: OutputFormat } | { error: string };

function parseArgs(argv: readonly string[]): Parsed {
  let dir: string | undefined;
  let format: OutputFormat = 'human';
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[(index += 1)] : arg.slice('--format='.length);
      if (!OUTPUT_FORMATS.includes(value as OutputFormat)) {
        return { error: `--format needs one of ${OUTPUT_FORMATS.join(', ')}${value === undefined ? '' : ` (got '${value}')`}` };
      }
      format = value as OutputFormat;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option '${arg}'` };
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return { error: `unexpected argument '${arg}': give one directory` };
    }
  }
  return { help: false, dir: dir ?? 'policies', format };
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    io.stderr.write(`link-policy validate: ${parsed.error}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, parsed.dir);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr.write(`link-policy validate: '${parsed.dir}' is not a directory\n\n${USAGE}`);
    return EXIT.usage;
  }
  const shown = displayPath(io.cwd, dir);
  const result = loadPolicySet(dir, { displayDir: shown });
  io.stdout.write(renderLoadResult(result, shown, parsed.format));
  return result.ok ? EXIT.ok : EXIT.failed;
}
