// Builds the native addon with node-gyp. A failed build prints a warning and exits 0: the
// platform then runs on the stock TensorFlow.js CPU backend, so an install never breaks here.
// With QUDAO_REQUIRE_NATIVE=1 (CI) it exits 1 instead: a broken build must not pass unnoticed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..');
const required = process.env.QUDAO_REQUIRE_NATIVE === '1';
let failed = false;

function findNodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [pkgDir] });
  } catch {}
  const bundled = path.join(
    path.dirname(process.execPath),
    '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  );
  if (fs.existsSync(bundled)) return bundled;
  if (process.env.npm_config_node_gyp && fs.existsSync(process.env.npm_config_node_gyp)) {
    return process.env.npm_config_node_gyp;
  }
  return null;
}

function failBuild(message) {
  failed = true;
  if (required) {
    console.error(`[@qudao/kernels] ERROR: ${message}`);
    console.error('[@qudao/kernels] QUDAO_REQUIRE_NATIVE=1: the native addon is required.');
    return;
  }
  console.warn(`[@qudao/kernels] WARNING: ${message}`);
  console.warn('[@qudao/kernels] Falling back to the stock TensorFlow.js CPU backend.');
}

function main() {
  if (process.env.QUDAO_SKIP_NATIVE === '1') {
    if (required) {
      failBuild('QUDAO_SKIP_NATIVE=1 skips the build that QUDAO_REQUIRE_NATIVE=1 requires.');
      return;
    }
    console.log('[@qudao/kernels] QUDAO_SKIP_NATIVE=1: native build skipped.');
    return;
  }
  const gyp = findNodeGyp();
  if (!gyp) {
    failBuild('node-gyp was not found; the native kernels were not built.');
    return;
  }
  const args = [gyp, 'rebuild', '--release'];
  // Use the headers installed next to this Node when node-gyp has no other source for them
  // (no network needed).
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (
    !process.env.npm_config_nodedir &&
    fs.existsSync(path.join(prefix, 'include/node/node.h')) &&
    fs.existsSync(path.join(prefix, 'include/node/common.gypi'))
  ) {
    args.push(`--nodedir=${prefix}`);
  }
  console.log(`[@qudao/kernels] building the native addon: node ${args.join(' ')}`);
  const res = spawnSync(process.execPath, args, { cwd: pkgDir, stdio: 'inherit' });
  if (res.error || res.status !== 0) {
    failBuild(
      `the native build failed (${res.error ? res.error.message : `exit code ${res.status}`}).`,
    );
    return;
  }
  const out = path.join(pkgDir, 'build/Release/qudao_kernels.node');
  if (!fs.existsSync(out)) {
    failBuild(`the build finished but ${out} is missing.`);
    return;
  }
  console.log(`[@qudao/kernels] built ${path.relative(process.cwd(), out)}`);
}

try {
  main();
} catch (err) {
  failBuild(String(err?.stack ?? err));
}
process.exit(failed && required ? 1 : 0);
