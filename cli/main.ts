// `link-policy <command>`: dispatches to one module per command, loaded on demand so that
// `validate` in CI never pays for what `prelink` needs.
import { EXIT, processIo, type CliIo, type Command } from './io';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  validate: {
    summary: 'check tenant policies against the schema and the cross-tenant rules',
    load: () => import('./commands/validate'),
  },
  test: {
    summary: 'run the policy test scenarios (<tenant>.test.yaml) on the local Cognito twin',
    load: () => import('./commands/test'),
  },
  explain: {
    summary: 'explain what the trigger decides for one sign-in, on the local Cognito twin',
    load: () => import('./commands/explain'),
  },
  unlink: {
    summary: 'remove one linked identity from a user (dry run unless --yes)',
    load: () => import('./commands/unlink'),
  },
  prelink: {
    summary: 'link many users to their IdP identities before their first SSO sign-in (dry run unless --yes)',
    load: () => import('./commands/prelink'),
  },
  'verify-domains': {
    summary: 'check the DNS proof (TXT _link-policy.<domain>) of each enterprise tenant domain',
    load: () => import('./commands/verify-domains'),
  },
  links: {
    summary: "list a tenant's users and their linked identities (table, JSON or CSV)",
    load: () => import('./commands/links'),
  },
  'wrong-method': {
    summary: "list the accounts of a sign-in method their email's tenant refuses (sign_in_methods)",
    load: () => import('./commands/wrong-method'),
  },
  conformance: {
    summary: 'probe how a real user pool (or the twin) behaves where Cognito is undocumented; writes a switch report',
    load: () => import('./commands/conformance'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return ['usage: link-policy <command> [options]', '', 'commands:', ...lines, '', 'Run `link-policy <command> --help` for a command\'s options.', ''].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`link-policy: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  return command.run(rest, io);
}

export function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo());
}
