// Bulk operator commands at Cognito's quotas: `prelink --yes`, `links` and `unlink --input --yes`
// over N native users of the example policies' acme-corp tenant, each run as the real CLI child
// process (bin/link-policy.cjs) against a twin that enforces the per-category quotas
// (twin/quotas.ts). The quotas are scaled (a scaled clock): the twin serves `scale` seconds of
// Cognito's default rates per second and the CLI is told the raised rates (--quota), so a run of W
// seconds here takes about scale x W seconds against an account at the defaults.
//
// Per command: wall time (spawn to exit), the quota-bound minimum (for each category, the requests
// the twin admitted divided by its rate; the largest of these: no client can be faster), requests
// and throttles per category as the twin counted them, and the child's peak RSS (VmHWM, read from
// /proc while it runs), which stays flat when input and output are streamed.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { QUOTA_CATEGORIES, type QuotaCategory } from '../../policy/cognito-quotas';
import { packageRoot } from '../../policy/package-root';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { loadPolicySet } from '../../policy';
import { startTwin, type Twin, type UserPool } from '../../twin';

export interface BulkCommandFigure {
  readonly command: string;
  readonly rows: number;
  readonly exitCode: number;
  readonly summary: string;
  readonly wallSeconds: number;
  readonly boundSeconds: number;
  /** The category that sets the bound. */
  readonly boundBy: QuotaCategory | null;
  /** wall / bound - 1. */
  readonly overBound: number;
  readonly peakRssMb: number;
  readonly requests: Readonly<Partial<Record<QuotaCategory, { readonly admitted: number; readonly throttled: number; readonly rps: number }>>>;
}

export interface BulkFigures {
  readonly users: number;
  readonly scale: number;
  readonly commands: readonly BulkCommandFigure[];
  readonly seedSeconds: number;
}

export interface BulkOptions {
  readonly users: number;
  readonly scale: number;
  readonly scratch: string;
  readonly progress?: (message: string) => void;
}

/** The categories the bulk commands spend, at the scaled rates both sides agree on. */
const CATEGORIES = ['UserList', 'UserRead', 'UserUpdate', 'UserPoolRead'] as const satisfies readonly QuotaCategory[];

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'bench-key', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export async function measureBulk(options: BulkOptions): Promise<BulkFigures> {
  const loaded = loadPolicySet(join(packageRoot(), 'policies'));
  if (!loaded.ok) throw new Error('the example policies do not load');
  const twin = await startTwin({ seed: 16 });
  try {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(loaded.set));
    const seeded = performance.now();
    await seedUsers(pool, options);
    const seedSeconds = (performance.now() - seeded) / 1000;
    const commands: BulkCommandFigure[] = [];
    const quota = CATEGORIES.flatMap((category) => ['--quota', `${category}=${QUOTA_CATEGORIES[category].rps * options.scale}`]);
    const common = ['--policies', join(packageRoot(), 'policies'), '--endpoint', twin.endpoint, '--region', twin.region, '--user-pool-id', pool.id, '--quota-share', '1', ...quota];

    options.progress?.(`bulk: prelink --yes, ${options.users.toLocaleString('en-US')} rows`);
    commands.push(await measureCommand(twin, options, 'prelink --yes', ['prelink', ...common, '--input', join(options.scratch, 'prelink.csv'), '--yes', '--concurrency', '64']));
    options.progress?.('bulk: links');
    commands.push(await measureCommand(twin, options, 'links', ['links', ...common.filter((arg) => arg !== '--quota-share' && arg !== '1'), '--quota-share', '1', '--tenant', 'acme-corp', '--format', 'csv', '--output', join(options.scratch, 'links.csv')]));
    options.progress?.(`bulk: unlink --input --yes, ${options.users.toLocaleString('en-US')} rows`);
    commands.push(await measureCommand(twin, options, 'unlink --input --yes', ['unlink', ...common, '--input', join(options.scratch, 'unlink.csv'), '--yes', '--allow-relink', '--concurrency', '64']));
    return { users: options.users, scale: options.scale, commands, seedSeconds };
  } finally {
    twin.quotas.configure(undefined);
    await twin.stop();
  }
}

/** N verified native users of acme-corp, and the two inputs (streamed to disk, never held). */
async function seedUsers(pool: UserPool, options: BulkOptions): Promise<void> {
  const prelink = createWriteStream(join(options.scratch, 'prelink.csv'));
  const unlink = createWriteStream(join(options.scratch, 'unlink.csv'));
  const write = async (stream: NodeJS.WritableStream, line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  await write(prelink, 'user,provider,subject,idp_email\n');
  await write(unlink, 'user,provider,subject\n');
  for (let i = 1; i <= options.users; i += 1) {
    const name = `user${String(i).padStart(6, '0')}`;
    const email = `${name}@acme.com`;
    pool.seedUser({ username: name, attributes: { email, email_verified: 'true' } });
    await write(prelink, `${name},AcmeEntraID,Obj-${i},${email}\n`);
    await write(unlink, `${name},AcmeEntraID,Obj-${i}\n`);
  }
  prelink.end();
  unlink.end();
  await Promise.all([once(prelink, 'close'), once(unlink, 'close')]);
}

async function measureCommand(twin: Twin, options: BulkOptions, label: string, argv: readonly string[]): Promise<BulkCommandFigure> {
  twin.quotas.configure({ scale: options.scale });
  twin.requests.clear();
  const started = performance.now();
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'link-policy.cjs'), ...argv], {
    cwd: options.scratch,
    env: { PATH: process.env['PATH'] ?? '', ...CREDENTIALS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let peakKb = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // The child has exited between samples.
    }
  };
  const sampler = setInterval(sample, 100);
  // stdout is a line per row: only its tail is kept (the summary), so the bench holds no row either.
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(sampler);
  const wallSeconds = (performance.now() - started) / 1000;
  const stats = twin.quotas.stats;
  const requests: Partial<Record<QuotaCategory, { admitted: number; throttled: number; rps: number }>> = {};
  let boundSeconds = 0;
  let boundBy: QuotaCategory | null = null;
  for (const [category, count] of Object.entries(stats) as [QuotaCategory, { admitted: number; throttled: number }][]) {
    const rps = twin.quotas.rate(category);
    requests[category] = { ...count, rps };
    if (count.admitted / rps > boundSeconds) {
      boundSeconds = count.admitted / rps;
      boundBy = category;
    }
  }
  twin.quotas.configure(undefined);
  const summary = tail.split('\n').filter((line) => /^(prelink|unlink|links)\b|requests in/.test(line.trim())).join(' | ');
  if (code !== 0) throw new Error(`bench: ${label} exited ${code}\n${tail}\n${errors}`);
  return {
    command: label,
    rows: options.users,
    exitCode: code ?? -1,
    summary,
    wallSeconds,
    boundSeconds,
    boundBy,
    overBound: boundSeconds > 0 ? wallSeconds / boundSeconds - 1 : 0,
    peakRssMb: peakKb / 1024,
    requests,
  };
}

export function renderBulkMarkdown(figures: BulkFigures, context: { readonly date: string; readonly load: { start: number; end: number }; readonly cpus: string }): string {
  const lines = [
    `# Bulk operator commands at Cognito's quotas (${figures.users.toLocaleString('en-US')} users)`,
    '',
    `Written by \`npm run bench\` (or \`npm run bench -- --only bulk\`) on ${context.date}; ${context.cpus}; load average ${context.load.start.toFixed(1)} at the start, ${context.load.end.toFixed(1)} at the end.`,
    `Each command is the real CLI child process against the twin, which enforces Cognito's per-category request rates`,
    `(docs/cognito-facts.md §7) **scaled ×${figures.scale}** (a scaled clock: the CLI is told the raised rates with \`--quota\`; against an account at the`,
    `default rates the same run takes about ${figures.scale}× the wall time). Quota-bound minimum: for each category, the requests the twin admitted`,
    `divided by its rate; the largest. Peak RSS is the CLI process's (VmHWM). Seeding ${figures.users.toLocaleString('en-US')} users took ${figures.seedSeconds.toFixed(1)} s (not counted).`,
    '',
    '| Command | Rows | Wall time | Quota-bound minimum | Over the bound | Peak RSS (CLI) | Requests admitted / throttled per category (rate) |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...figures.commands.map((figure) => {
      const requests = Object.entries(figure.requests)
        .map(([category, count]) => `${category} ${count.admitted.toLocaleString('en-US')} / ${count.throttled.toLocaleString('en-US')} (${count.rps}/s)`)
        .join('; ');
      return `| \`${figure.command}\` | ${figure.rows.toLocaleString('en-US')} | ${figure.wallSeconds.toFixed(1)} s | ${figure.boundSeconds.toFixed(1)} s (${figure.boundBy ?? '-'}) | ${(figure.overBound * 100).toFixed(1)} % | ${figure.peakRssMb.toFixed(0)} MB | ${requests} |`;
    }),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
