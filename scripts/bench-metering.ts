/**
 * Admitted calls per second on one endpoint with metering on versus off (`npm run bench:metering`).
 *
 * Prepares a workspace (a tiny mlp trained for 1 epoch on 300 MNIST images, deployed, sold as a
 * product, a partner's customer with a key), then starts `qudao serve` as a separate process
 * alternately with QUDAO_METERING=on and =off and drives it over loopback with a fixed number of
 * concurrent keep-alive clients for a fixed time. Rounds alternate so a busy machine hurts both
 * sides alike; the best round of each side is reported.
 *
 *   npx tsx scripts/bench-metering.ts [--seconds 5] [--rounds 3] [--concurrency 16] [--json]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  closeContext,
  createApiKey,
  createContext,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
} from '@qudao/server';
import { deployTinyModel } from '../test/channels/model.ts';
import { killHard, startServerProcess } from '../test/channels/server-process.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);

const home = await mkdtemp(path.join(tmpdir(), 'qudao-bench-metering-'));
const ctx = await createContext({ home, logLevel: 'silent' });
const { image } = await deployTinyModel(ctx);
const plan = await createPlan(ctx, {
  name: 'Bench',
  currency: 'USD',
  ratePerSecond: 100_000,
  burst: 100_000,
});
await createProduct(ctx, { name: 'Digits', endpoint: 'digits', plan: plan.id });
const partner = await createPartner(ctx, { name: 'Bench Partner' });
const customer = await createCustomer(ctx, { name: 'Bench Co', partnerId: partner.id });
const { key } = await createApiKey(ctx, customer.id);
await closeContext(ctx);
const body = JSON.stringify({ image: image(0) });

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Drives the server for `seconds`; returns 2xx answers per second. */
async function load(
  url: string,
  withKeys: boolean,
): Promise<{ perSecond: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  let ok = 0;
  let errors = 0;
  let n = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const res = await fetch(`${url}/api/v1/endpoints/digits/predict`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          ...(withKeys ? { 'idempotency-key': `bench-${process.pid}-${n++}` } : {}),
        },
        body,
      });
      await res.arrayBuffer();
      if (res.ok) ok++;
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: ok / ((performance.now() - started) / 1000), errors };
}

const results: Record<'on' | 'off', number[]> = { on: [], off: [] };
/** Server CPU milliseconds per admitted call: steadier than calls/s on a shared machine. */
const cpuPerCall: Record<'on' | 'off', number[]> = { on: [], off: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const server = await startServerProcess(home, { QUDAO_METERING: mode });
      try {
        await load(server.url, mode === 'on'); // warm-up: model load, JIT
        const cpuBefore = cpuSeconds(server.proc.pid!);
        const { perSecond, errors } = await load(server.url, mode === 'on');
        const cpuAfter = cpuSeconds(server.proc.pid!);
        if (cpuBefore !== null && cpuAfter !== null) {
          cpuPerCall[mode].push(((cpuAfter - cpuBefore) * 1000) / (perSecond * seconds));
        }
        if (errors > 0) throw new Error(`${errors} calls failed with metering ${mode}`);
        results[mode].push(perSecond);
        if (!args.json) {
          console.log(
            `round ${round + 1}: metering ${mode.padEnd(3)} ${perSecond.toFixed(0)} calls/s`,
          );
        }
      } finally {
        await killHard(server);
      }
    }
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
const on = Math.max(...results.on);
const off = Math.max(...results.off);
const cost = (1 - on / off) * 100;
const cpuOn = cpuPerCall.on.length ? Math.min(...cpuPerCall.on) : null;
const cpuOff = cpuPerCall.off.length ? Math.min(...cpuPerCall.off) : null;
const summary = {
  seconds,
  rounds,
  concurrency,
  onPerSecond: on,
  offPerSecond: off,
  costPercent: cost,
  serverCpuMsPerCall: { on: cpuOn, off: cpuOff },
};
if (args.json) console.log(JSON.stringify(summary));
else {
  console.log(
    `admitted calls/s (best of ${rounds}): metering on ${on.toFixed(0)}, off ${off.toFixed(0)}; metering costs ${cost.toFixed(1)}% of throughput`,
  );
  if (cpuOn !== null && cpuOff !== null) {
    console.log(
      `server CPU per admitted call (least of ${rounds}): metering on ${cpuOn.toFixed(2)} ms, off ${cpuOff.toFixed(2)} ms (+${((cpuOn / cpuOff - 1) * 100).toFixed(1)}%)`,
    );
  }
}
