// The report `link-policy conformance` writes: which behaviour a real pool showed for each switch it
// could probe, and how the documented facts it checked held up. The twin and `link-policy test`
// load its `switches` (`--switches-from report.json`) so tests run against what the pool does.

import { readFileSync } from 'node:fs';
import { SWITCH_NAMES, SWITCH_VALUES, type SwitchName, type TwinSwitches } from './switches';

export const SWITCH_REPORT_FORMAT = 1;

export interface ConformanceCheck {
  /** Stable id, e.g. `listUsers.preferredUsernameCase`. */
  readonly id: string;
  /** The fact the twin models, in words. */
  readonly fact: string;
  /** Where the twin has it from: MODEL, a documentation page, or an observation. */
  readonly source: string;
  readonly expected: string;
  readonly observed: string;
  readonly agrees: boolean;
}

export interface SwitchReport {
  readonly format: typeof SWITCH_REPORT_FORMAT;
  readonly tool: 'link-policy conformance';
  readonly ranAt: string;
  readonly target: {
    readonly poolId: string;
    readonly region: string;
    /** Set when the run was against another endpoint (the local twin), not AWS. */
    readonly endpoint: string | null;
    readonly caseSensitive: boolean | null;
    readonly provider: string | null;
    readonly passwordClient: boolean;
  };
  /** The value each probed switch showed. */
  readonly switches: Partial<TwinSwitches>;
  /** Switches not probed, and why (no identity provider, no password client, needs a real IdP). */
  readonly notProbed: Partial<Record<SwitchName, string>>;
  /** Switches whose probe saw a behaviour none of the switch's values describes. */
  readonly unexpected: Partial<Record<SwitchName, string>>;
  readonly checks: readonly ConformanceCheck[];
  /** Raw answers worth keeping (error messages and statuses, attribute shapes, client counts). */
  readonly observations: Readonly<Record<string, unknown>>;
  readonly cleanup: { readonly created: readonly string[]; readonly deleted: readonly string[]; readonly leftover: readonly string[] };
}

/** The probed switches of a report's JSON text; an error names what is wrong. */
export function parseSwitchReport(text: string, origin: string): Partial<TwinSwitches> | { readonly error: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { error: `${origin}: not JSON (${(error as Error).message})` };
  }
  const report = document as Partial<SwitchReport> | null;
  if (typeof report !== 'object' || report === null || report.tool !== 'link-policy conformance') {
    return { error: `${origin}: not a link-policy conformance report` };
  }
  if (report.format !== SWITCH_REPORT_FORMAT) return { error: `${origin}: report format ${String(report.format)}, this version reads ${SWITCH_REPORT_FORMAT}` };
  const switches: Partial<Record<SwitchName, string>> = {};
  for (const [name, value] of Object.entries(report.switches ?? {})) {
    if (!(SWITCH_NAMES as readonly string[]).includes(name)) return { error: `${origin}: unknown switch ${name}` };
    const allowed: readonly string[] = SWITCH_VALUES[name as SwitchName];
    if (typeof value !== 'string' || !allowed.includes(value)) return { error: `${origin}: switch ${name} is '${String(value)}', not one of ${allowed.join(', ')}` };
    switches[name as SwitchName] = value;
  }
  return switches as Partial<TwinSwitches>;
}

/** Reads a report file: `twin.createPool({ switches: loadSwitchReport('report.json') })`. Throws on a bad file. */
export function loadSwitchReport(path: string): Partial<TwinSwitches> {
  const parsed = parseSwitchReport(readFileSync(path, 'utf8'), path);
  if ('error' in parsed && typeof parsed.error === 'string') throw new Error(parsed.error);
  return parsed as Partial<TwinSwitches>;
}
