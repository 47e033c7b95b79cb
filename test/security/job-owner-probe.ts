// Opens a workspace as a restarted server does (its recovery runs at start), cancels the job
// given, and prints this process's pid and the job as JSON: run as PID 1 of a fresh PID
// namespace by the PID-namespace recovery test.
import { closeContext, createContext } from '@qudao/server';

const [home, jobId] = process.argv.slice(2);
const ctx = await createContext({ home: home!, logLevel: 'silent' });
try {
  const recovered = await ctx.jobs.get(jobId!);
  const afterCancel = await ctx.jobs.cancel(jobId!);
  process.stdout.write(`${JSON.stringify({ pid: process.pid, recovered, afterCancel })}\n`);
} finally {
  await closeContext(ctx);
}
