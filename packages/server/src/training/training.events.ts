import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { JobEvent } from '../jobs/job.ts';
import type { toTrainingJob } from './training.service.ts';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
/** Batch progress is sent at most this often; epochs and status changes always go out. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Server-sent events of a training job: `snapshot` (the job as it stands, with its history so
 * far), then `progress` (throttled), `epoch` and `status` as they happen; the stream ends when
 * the job finishes or the client goes away.
 */
export async function streamJobEvents(
  ctx: AppContext,
  job: ReturnType<typeof toTrainingJob>,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('snapshot', job);
  if (FINISHED.has(job.status)) {
    res.end();
    return;
  }
  let lastProgress = 0;
  await new Promise<void>((resolve) => {
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      resolve();
    };
    const unsubscribe = ctx.jobs.subscribe(job.id, (event: JobEvent) => {
      if (event.type === 'progress') {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        send('progress', event.progress);
      } else if (event.type === 'history') send('epoch', event.entry);
      else {
        send('status', {
          id: event.job.id,
          status: event.job.status,
          result: event.job.result,
          error: event.job.error,
        });
        if (FINISHED.has(event.job.status)) {
          res.end();
          stop();
        }
      }
    });
    request.raw.on('close', stop);
  });
}
