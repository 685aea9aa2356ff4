import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The directory of this package's package.json. Found by walking up from this module because the
 * TypeScript runner bundles entry points, so `__dirname` is the entry's folder, not this file's.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'cognito-link-policy') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cognito-link-policy package root above ' + __dirname);
    dir = parent;
  }
}
