import type { BatchProgress, EpochMetrics } from '@qudao/ml';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { JobEvent } from '../jobs/job.ts';
import {
  type BatchProgressView,
  type EpochMetricsView,
  type JobHistoryEntryView,
  TrainingJobEventSchema,
  type TrainingJobEventView,
  type TrainingJobView,
} from './training-views.schemas.ts';

// ml's progress types must fit the wire schemas the client reads them with (compile-time check).
type Fits<T, U extends T> = U;
export type ProgressFitsWire = Fits<BatchProgressView, BatchProgress>;
export type EpochFitsWire = Fits<EpochMetricsView, EpochMetrics>;

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
/** Batch progress is sent at most this often; epochs and status changes always go out. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Server-sent events of a training job: `snapshot` (the job as it stands, with its history so
 * far), then `progress` (throttled), `epoch` and `status` as they happen; the stream ends when
 * the job finishes or the client goes away. Under strict reply validation (the tests) each
 * event is checked against TrainingJobEvent; a mismatch is sent as an `error` event and ends
 * the stream, so a test following it fails.
 */
export async function streamJobEvents(
  ctx: AppContext,
  job: TrainingJobView,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const strict = ctx.config.replyValidation === 'strict';
  let broken = false;
  const send = (message: TrainingJobEventView) => {
    if (broken) return;
    const data = JSON.stringify(message.data);
    if (strict) {
      const check = TrainingJobEventSchema.safeParse({
        event: message.event,
        data: JSON.parse(data),
      });
      if (!check.success) {
        broken = true;
        const issue = check.error.issues[0];
        const error = {
          code: 'internal.reply_schema',
          message: `the ${message.event} event does not match TrainingJobEvent (${issue?.path.join('.')}: ${issue?.message})`,
        };
        res.end(`event: error\ndata: ${JSON.stringify({ error })}\n\n`);
        return;
      }
    }
    res.write(`event: ${message.event}\ndata: ${data}\n\n`);
  };
  send({ event: 'snapshot', data: job });
  if (FINISHED.has(job.status) || broken) {
    if (!broken) res.end();
    return reply;
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
        send({ event: 'progress', data: event.progress as BatchProgressView });
      } else if (event.type === 'history') {
        send({ event: 'epoch', data: event.entry as JobHistoryEntryView });
      } else {
        send({
          event: 'status',
          data: {
            id: event.job.id,
            status: event.job.status,
            result: event.job.result,
            error: event.job.error,
          },
        });
        if (FINISHED.has(event.job.status) && !broken) res.end();
      }
      if (broken || (event.type === 'status' && FINISHED.has(event.job.status))) stop();
    });
    request.raw.on('close', stop);
  });
  return reply;
}
