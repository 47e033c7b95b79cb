/**
 * Data benchmark: generates a large CSV (default 2 GB; BENCH_DATA_BYTES to change), imports it
 * as a dataset version (streamed, all cleaning rules on), then iterates the train split in
 * shuffled batches. Prints rows/s of each phase and the process's peak resident memory.
 *
 *   npm run bench:data            # 2 GB
 *   BENCH_DATA_BYTES=200e6 npm run bench:data
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeContext, createContext, importTable, streamDatasetBatches } from '@qudao/server';

const targetBytes = Number(process.env.BENCH_DATA_BYTES ?? 2 * 1024 ** 3);
const columns = 96;
const dir = path.join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'qudao-bench-data');
const csvPath = path.join(dir, 'big.csv');

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 50);

async function resetPeak() {
  global.gc?.();
  peak = process.memoryUsage.rss();
  // Linux: writing 5 to clear_refs resets VmHWM, so the import's peak is its own.
  await writeFile('/proc/self/clear_refs', '5').catch(() => {});
}

async function vmHwm(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : peak;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

async function generate(): Promise<number> {
  const existing = await stat(csvPath).catch(() => undefined);
  if (existing && existing.size >= targetBytes) {
    console.log(`reusing ${csvPath} (${mb(existing.size)})`);
    return -1;
  }
  await mkdir(dir, { recursive: true });
  const pool = Array.from({ length: 4096 }, (_, i) => (((i * 7919) % 100000) / 100).toFixed(2));
  const out = createWriteStream(csvPath);
  const header = [...Array.from({ length: columns }, (_, j) => `f${j + 1}`), 'label'].join(',');
  out.write(`${header}\n`);
  let bytes = header.length + 1;
  let rows = 0;
  let seed = 12345;
  let previous = '';
  const started = performance.now();
  while (bytes < targetBytes) {
    let chunk = '';
    for (let k = 0; k < 2000; k++) {
      let line: string;
      if (rows % 50_000 === 49_999)
        line = previous; // planted duplicate
      else {
        const fields: string[] = [];
        let first = 0;
        for (let j = 0; j < columns; j++) {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          const v = seed >>> 20;
          if (j === 0) first = v;
          fields.push(pool[v]!);
        }
        if (rows % 100_003 === 7) fields[3] = ''; // planted blank
        if (rows % 100_019 === 11) fields[5] = '12x'; // planted broken number
        fields.push(String.fromCharCode(97 + (first % 5)));
        line = fields.join(',');
      }
      previous = line;
      chunk += `${line}\n`;
      rows++;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(
    `generated ${csvPath}: ${mb(bytes)}, ${rows.toLocaleString()} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return rows;
}

/** One phase in this (fresh) process: `import` the CSV, or `iterate` the stored version. */
async function measure(phase: string) {
  const home = path.join(dir, 'home');
  if (phase === 'import') await rm(home, { recursive: true, force: true });
  process.env.QUDAO_IMPORT_DIRS = dir;
  const ctx = await createContext({ home, logLevel: 'silent' });
  try {
    await resetPeak();
    const started = performance.now();
    if (phase === 'import') {
      const { version } = await importTable(ctx, {
        name: 'big',
        sources: [{ path: csvPath }],
        label: 'label',
      });
      const seconds = (performance.now() - started) / 1000;
      const input = version.cleaning?.inputRows ?? version.rowCount;
      const dropped = Object.entries(version.cleaning?.byRule ?? {})
        .filter(([, r]) => r.dropped)
        .map(([k, r]) => `${k} ${r.dropped}`)
        .join(', ');
      console.log(
        `import: ${input.toLocaleString()} rows x ${columns + 1} columns in ${seconds.toFixed(1)} s = ${Math.round(input / seconds).toLocaleString()} rows/s (${mb((await stat(csvPath)).size / seconds)}/s); kept ${version.rowCount.toLocaleString()}, dropped ${dropped}; peak RSS ${mb(await vmHwm())}`,
      );
    } else {
      let rows = 0;
      let batches = 0;
      let checksum = 0;
      for await (const batch of streamDatasetBatches(ctx, 'big', {
        split: 'train',
        batchSize: 256,
        shuffleBuffer: 10_000,
        seed: 1,
      })) {
        rows += batch.count;
        batches++;
        checksum += batch.features[0] ?? 0;
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `iterate: ${batches.toLocaleString()} shuffled batches of 256, ${rows.toLocaleString()} train rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString()} rows/s; peak RSS ${mb(await vmHwm())} (checksum ${checksum.toFixed(1)})`,
      );
    }
    const worst = await vmHwm();
    if (worst >= 500 * 1024 ** 2) {
      console.log(`OVER: ${phase} peak RSS ${mb(worst)} >= 500 MB`);
      process.exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    await closeContext(ctx);
    if (phase === 'iterate' && !process.env.BENCH_KEEP)
      await rm(home, { recursive: true, force: true });
  }
}

// Generate in this process, measure each phase in a fresh one so its peak memory is its own.
const phase = process.argv[process.argv.indexOf('--measure') + 1];
if (process.argv.includes('--measure')) await measure(phase ?? 'import');
else {
  await generate();
  clearInterval(sampler);
  for (const step of ['import', 'iterate']) {
    const child = spawn(
      process.execPath,
      [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--measure', step],
      { stdio: 'inherit' },
    );
    const [code] = (await once(child, 'exit')) as [number];
    if (code !== 0) process.exitCode = code;
  }
  console.log(
    process.exitCode ? 'FAILED: see above' : 'OK: every phase stayed under 500 MB resident',
  );
}
