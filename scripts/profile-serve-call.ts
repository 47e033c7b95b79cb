// Where one metered prediction's time goes on the server's event loop: the bench:serve
// workspace (the cnn endpoint, a customer's key, metering on), the server built in this
// process, --calls sequential calls through Fastify's inject (no sockets), then the event
// loop's CPU profile summed by function and by source area. Inference runs on the worker
// threads, so what this shows is the per-call overhead: auth, metering, validation, JSON.
//
//   npx tsx scripts/profile-serve-call.ts [--calls 2000] [--top 25] [--out file.cpuprofile]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer, closeContext, createContext } from '@qudao/server';
import { prepareServeBench } from './bench-serve-setup.ts';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    top: { type: 'string', default: '25' },
    out: { type: 'string' },
  },
});
const CALLS = Number(args.calls);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const home = await mkdtemp(path.join(tmpdir(), 'qudao-profile-serve-'));
const ws = await prepareServeBench(home);
const ctx = await createContext({ home, logLevel: 'silent', metering: 'on' });
const app = await buildServer(ctx);
const call = async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/endpoints/cnn/predict',
    headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'image/png' },
    payload: ws.png,
  });
  if (res.statusCode !== 200) throw new Error(`predict answered ${res.statusCode}: ${res.body}`);
};
try {
  for (let i = 0; i < 300; i++) await call(); // warm: JIT, statement cache, the model
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  const ms = (performance.now() - started) / CALLS;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  console.log(`${CALLS} sequential calls: ${(ms * 1000).toFixed(0)} us a call (wall, inject)`);
  if (args.out) await writeFile(args.out, JSON.stringify(profile));
  // The sampler falls behind on a busy machine: each sample stands for its share of the time.
  const usPerSample = (profile.endTime - profile.startTime) / (profile.samples?.length ?? 1);
  summarise(profile.nodes as ProfileNode[], CALLS, Number(args.top), usPerSample);
} finally {
  await app.close();
  await closeContext(ctx);
  await rm(home, { recursive: true, force: true });
}

/** Self time per function and per area (our source folder, or the package), in us a call. */
function summarise(nodes: ProfileNode[], calls: number, top: number, usPerSample: number): void {
  const total = nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const usPerCall = (hits: number) => ((hits * usPerSample) / calls).toFixed(1).padStart(7);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const fn = `${functionName || '(anonymous)'} ${path.basename(file) || '(native)'}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byArea.set(areaOf(file, functionName), (byArea.get(areaOf(file, functionName)) ?? 0) + hits);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (us a call, self time)`);
    for (const [name, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${usPerCall(hits)}  ${name}`);
    }
  };
  console.log(`event loop busy: ${usPerCall(total - (byArea.get('((idle))') ?? 0))} us a call`);
  print('by area', byArea);
  print('by function', byFunction);
  console.log(`\nsampled: ${usPerCall(total)} us a call in all`);
}

function areaOf(file: string, functionName: string): string {
  if (!file) return `(${functionName || 'native'})`;
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const ours = file.match(/packages\/([^/]+)\/src\/([^/]+)/);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return file.startsWith('node:') ? 'node' : path.basename(file);
}
