import { isAbsolute, relative } from 'node:path';

/**
 * Relative to the working directory when inside it, with `/` separators, so messages and GitHub
 * annotations (`validate --format github`) name repository paths.
 */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  if (shown === '') return '.';
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown.split('\\').join('/');
}
