#!/usr/bin/env node
// Builds the web console (packages/web → packages/web/dist) unless the build is newer than
// every source file. Runs after `npm install` (postinstall) and on first use of `qudao serve`
// or `qudao demo`, so the console URL works on the first run. Plain JavaScript: it must run
// before anything else is set up. `--force` rebuilds; `--quiet` prints only failures.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'web');
const built = path.join(web, 'dist', 'index.html');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

/** The files a package's browser tsconfig lists: what the console bundles of ml and kernels. */
function browserFiles(pkg) {
  const dir = path.join(web, '..', pkg);
  const config = JSON.parse(readFileSync(path.join(dir, 'tsconfig.browser.json'), 'utf8'));
  return config.files.map((file) => statSync(path.join(dir, file)).mtimeMs);
}

const sources = Math.max(
  newestSource(path.join(web, 'src')),
  // The offline demo page bundles ml's browser entry and the kernels' portable part.
  ...browserFiles('ml'),
  ...browserFiles('kernels'),
  statSync(path.join(web, 'index.html')).mtimeMs,
  statSync(path.join(web, 'vite.config.ts')).mtimeMs,
);
if (!force && existsSync(built) && statSync(built).mtimeMs >= sources) {
  if (!quiet) console.log('console: up to date (packages/web/dist)');
  process.exit(0);
}

let vite;
try {
  vite = await import('vite');
} catch {
  console.error('console: vite is not installed; run `npm install` in the repository first');
  process.exit(1);
}
const started = Date.now();
if (!quiet) console.log('console: building packages/web …');
await vite.build({
  configFile: path.join(web, 'vite.config.ts'),
  logLevel: quiet ? 'error' : 'warn',
});
if (!quiet) console.log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
