// twin/README.md lists every switch with the probe that settles it, every fact the probe checks,
// and every served operation; this keeps the list and the code from drifting apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_PROBED, PROBES } from '../../cli/conformance/probes';
import { packageRoot } from '../../policy/package-root';
import { DEFAULT_SWITCHES, SWITCH_NAMES, SWITCH_VALUES } from '../../twin';
import { SERVED_OPERATIONS } from '../../twin/wire/served-operations';

const readme = readFileSync(join(packageRoot(), 'twin', 'README.md'), 'utf8');

describe('twin/README.md', () => {
  test.each(SWITCH_NAMES.map((name) => [name]))('switch %s: a row with its values (default first) and the probe that settles it, or why none can', (name) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| (`) && line.includes(`\`${name}\` |`));
    expect(row).toBeDefined();
    const cells = row!.split(' | ');
    const values = [DEFAULT_SWITCHES[name], ...SWITCH_VALUES[name].filter((value) => value !== DEFAULT_SWITCHES[name])];
    expect(cells[1]).toBe(values.map((value) => `\`${value}\``).join(', '));
    const settledBy = cells[cells.length - 1]!.replace(/ \|$/, '');
    const probe = PROBES.find((candidate) => candidate.settles.includes(name));
    if (probe) expect(settledBy).toBe(`\`${probe.id}\``);
    else {
      // A switch no probe settles says why in cli/conformance/probes.ts NOT_PROBED.
      expect(NOT_PROBED[name]).toBeDefined();
      expect(settledBy).toMatch(/^not probed \(/);
    }
  });

  test('every fact the conformance probe checks is listed with its source', () => {
    for (const id of PROBES.flatMap((probe) => probe.checks)) expect(readme).toMatch(new RegExp(`^\\| \`${id.replace('.', '\\.')}\` \\| .+ \\| \\[(DOC|OBS)[^\\]]*\\] \\|$`, 'm'));
  });

  test('every served operation is listed', () => {
    const section = readme.slice(readme.indexOf('Operations (`wire/served-operations.ts`)'), readme.indexOf('## Pool model'));
    for (const operation of SERVED_OPERATIONS) expect(section).toContain(operation);
  });
});
