// Where the server's event loop spends its time while it serves the bench:serve endpoint over
// real sockets: the bench:serve workspace (the cnn endpoint, a customer's key, metering on),
// the server started as `qudao serve` starts it (startServer, its log file) in this process,
// autocannon in a child process (its CPU stays out of the profile) for --seconds at
// --connections, then the event loop's CPU profile summed by area, by function (self time) and
// by the stages of a call (inclusive time), in microseconds per answered call.
//
// With --heap, V8's sampling heap profiler runs instead of the CPU profiler: bytes allocated a
// call by area and by function (what makes the young-generation scavenges), and the scavenges
// themselves (count a second, time each), seen through a `gc` PerformanceObserver. With
// --survivors as well, only the sampled objects still alive at the end are counted: what a call
// leaves behind that the scavenges copy and promote (their pause grows with it, not with the
// bytes that die young).
//
// With --quiet, neither profiler runs (each changes what it measures: the CPU profiler samples
// the loop 10,000 times a second): the call figures, the loop's delay and the scavenges only.
//
//   npx tsx scripts/profile-serve-load.ts [--connections 1] [--seconds 10] [--top 30]
//     [--out file.cpuprofile] [--heap [--survivors]] [--quiet]
//
// The server runs in this process, so it has the heap `npx tsx` gives it, not the young
// generation the `qudao` launcher sets (bin/qudao.js); for the same, start it as
// `node --max-semi-space-size=64 --import tsx scripts/profile-serve-load.ts …`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { closeContext, createContext, startServer, stopServer } from '@qudao/server';
import { prepareServeBench } from './bench-serve-setup.ts';

const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    top: { type: 'string', default: '30' },
    out: { type: 'string' },
    heap: { type: 'boolean', default: false },
    survivors: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Functions whose inclusive time is a stage of one call (name as V8 reports it). */
const STAGES = [
  'parserOnHeadersComplete',
  'parserOnBody',
  'runPreParsing',
  'authenticate',
  'customerKeyOf',
  'predictOnce',
  'findEndpointByName',
  'chooseVersion',
  'admitCall',
  'executePrediction',
  'run',
  'dispatch',
  'commitCall',
  'flush',
  'insertCall',
  'recordPrediction',
  'buildRow',
  'onSendHook',
  'onSendEnd',
  'serialize',
  'hookRunner',
  'observe',
  'inc',
  'compileQuery',
  'executeQuery',
];

const home = await mkdtemp(path.join(tmpdir(), 'qudao-profile-load-'));
const ws = await prepareServeBench(home);
const ctx = await createContext({ home, logLevel: 'warn', metering: 'on' });
const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
const url = `${server.url}/api/v1/endpoints/cnn/predict`;
try {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${server.url}/api/v1/ready`)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await load(16, 3); // warm: JIT, statement cache, batches
  const session = new Session();
  if (!args.quiet) session.connect();
  if (args.quiet) {
    // No profiler.
  } else if (args.heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: !args.survivors,
      includeObjectsCollectedByMinorGC: !args.survivors,
    });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const gcs: { kind: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as { detail?: { kind: number } }).detail;
      gcs.push({ kind: detail?.kind ?? 0, ms: e.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const result = await load(Number(args.connections), Number(args.seconds));
  delay.disable();
  observer.disconnect();
  const calls = result.requests.total;
  if (args.quiet) {
    printCalls(result, delay, gcs);
  } else if (args.heap) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    printCalls(result, delay, gcs);
    summariseHeap(profile.head as HeapNode, calls, Number(args.top));
  } else {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    printCalls(result, delay, gcs);
    if (args.out) await writeFile(args.out, JSON.stringify(profile));
    summarise(profile as { nodes: ProfileNode[] } & typeof profile, calls, Number(args.top));
  }
} finally {
  await stopServer(server, ctx);
  await closeContext(ctx);
  await rm(home, { recursive: true, force: true });
}

function printCalls(
  result: AutocannonResult,
  delay: ReturnType<typeof monitorEventLoopDelay>,
  gcs: { kind: number; ms: number }[],
): void {
  console.log(
    `${result.requests.total} calls at concurrency ${args.connections}: ${result.requests.average.toFixed(0)} req/s, ` +
      `latency mean ${result.latency.average} ms, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `non-2xx ${result.non2xx}`,
  );
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    `event loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, ` +
      `max ${ms(delay.max)} ms`,
  );
  // perf_hooks' gc kinds: 1 minor (scavenge), 2 major, 4 incremental marking, 8 weak callbacks.
  const minor = gcs
    .filter((g) => g.kind === 1)
    .map((g) => g.ms)
    .sort((a, b) => a - b);
  const seconds = Number(args.seconds);
  const at = (q: number) => (minor[Math.floor(q * (minor.length - 1))] ?? 0).toFixed(2);
  console.log(
    `scavenges: ${(minor.length / seconds).toFixed(1)} a second, p50 ${at(0.5)} ms, max ${at(1)} ms; ` +
      `other collections: ${gcs.length - minor.length}`,
  );
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes allocated a call (sampled), by area and by function. */
function summariseHeap(head: HeapNode, calls: number, top: number): void {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode) => {
    if (n.selfSize) {
      const { functionName, url, lineNumber } = n.callFrame;
      const file = url.replace(/^file:\/\//, '');
      const fn = `${functionName || '(anonymous)'} ${path.basename(file) || '(native)'}:${lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + n.selfSize);
      const area = areaOf(file, functionName);
      byArea.set(area, (byArea.get(area) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children) walk(c);
  };
  walk(head);
  const kb = (bytes: number) => (bytes / calls / 1024).toFixed(2).padStart(8);
  const what = args.survivors ? 'still alive at the end' : 'collected or not';
  console.log(`allocated (sampled, ${what}): ${kb(total)} KiB a call`);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (KiB a call)`);
    for (const [name, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${kb(bytes)}  ${name}`);
    }
  };
  print('by area', byArea);
  print('by function', byFunction);
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { average: number; p50: number; p99: number };
  non2xx: number;
}

/**
 * autocannon in a child process, so its CPU is not in this process's profile (its CLI reads a
 * body file as text, which breaks a PNG: the child gets the bytes as base64).
 */
function load(connections: number, seconds: number): Promise<AutocannonResult> {
  const driver = `
    const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
    const [url, key, png, connections, duration] = process.argv.slice(1);
    autocannon({
      url, method: 'POST', connections: Number(connections), duration: Number(duration),
      headers: { authorization: 'Bearer ' + key, 'content-type': 'image/png' },
      body: Buffer.from(png, 'base64'),
    }, (error, result) => {
      if (error) throw error;
      process.stdout.write(JSON.stringify(result));
    });`;
  const child = spawn(
    process.execPath,
    ['-e', driver, url, ws.key, ws.png.toString('base64'), String(connections), String(seconds)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as AutocannonResult) : reject(new Error(`exit ${code}`)),
    );
  });
}

function summarise(
  profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] },
  calls: number,
  top: number,
): void {
  const { nodes } = profile;
  const usPerSample = (profile.endTime - profile.startTime) / (profile.samples?.length ?? 1);
  const us = (hits: number) => ((hits * usPerSample) / calls).toFixed(1).padStart(8);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') idle += hits;
    const file = url.replace(/^file:\/\//, '');
    const fn = `${functionName || '(anonymous)'} ${path.basename(file) || '(native)'}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    const area = areaOf(file, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (STAGES.includes(name)) seen.add(name);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
  console.log(`event loop busy: ${us(total - idle)} us a call; idle ${us(idle)} us a call`);
  const print = (title: string, map: Map<string, number>, limit: number) => {
    console.log(`\n${title} (us a call)`);
    for (const [name, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(`${us(hits)}  ${name}`);
    }
  };
  print('by area, self time', byArea, top);
  print('stages, inclusive time', inclusive, STAGES.length);
  print('by function, self time', byFunction, top);
}

function areaOf(file: string, functionName: string): string {
  if (!file) return `(${functionName || 'native'})`;
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const ours = file.match(/packages\/([^/]+)\/src\/([^/]+)/);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return file.startsWith('node:') ? 'node' : path.basename(file);
}
