import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'scripts',
  'build-console.mjs',
);

/**
 * Builds the console when it is missing or older than its sources (normally `npm install`
 * already did), so `qudao serve` and `qudao demo` print a console URL that loads on the first
 * run. A failed build is reported and the API is served without the console.
 */
export function ensureConsoleBuilt(): void {
  if (!existsSync(script)) return;
  const result = spawnSync(process.execPath, [script, '--quiet'], { stdio: 'inherit' });
  if (result.status !== 0) console.error('console: the build failed; serving the API only');
}
