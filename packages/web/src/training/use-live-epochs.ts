import type { JobHistoryEntry, RunEpoch, TrainingRun } from '@qudao/client';
import { useEffect, useState } from 'react';
import { useClient } from '../app/api-context.tsx';

/** A training job's history entry is an epoch; a search's is a trial, a cross-validation's a fold. */
function isEpoch(entry: JobHistoryEntry): entry is RunEpoch & { runId: string } {
  return typeof (entry as { epoch?: unknown }).epoch === 'number';
}

/**
 * The run's epochs, live while it trains: follows its job's event stream and appends each
 * epoch as it finishes; `finished` turns true when the job does (reload the run then).
 */
export function useLiveEpochs(run: TrainingRun | undefined) {
  const client = useClient();
  const [live, setLive] = useState<{ runId: string; epochs: RunEpoch[]; finished: boolean } | null>(
    null,
  );
  const running = run?.status === 'running';
  useEffect(() => {
    if (!run || !running) return;
    const controller = new AbortController();
    setLive({ runId: run.id, epochs: run.epochs, finished: false });
    client
      .followTrainingJob(
        run.jobId,
        (event) => {
          if (event.event === 'epoch' && isEpoch(event.data) && event.data.runId === run.id) {
            const epoch = event.data;
            // The stream may repeat an epoch the first fetch already had: keep one per number.
            setLive((s) =>
              s && !s.epochs.some((e) => e.epoch === epoch.epoch)
                ? { ...s, epochs: [...s.epochs, epoch] }
                : s,
            );
          } else if (
            event.event === 'status' &&
            ['succeeded', 'failed', 'cancelled'].includes(event.data.status)
          ) {
            setLive((s) => (s ? { ...s, finished: true } : s));
          }
        },
        controller.signal,
      )
      .catch(() => undefined);
    return () => controller.abort();
  }, [client, run, running]);
  const current = live && run && live.runId === run.id ? live : null;
  // Once the reloaded run has finished, its stored epochs are the whole history: epochs that
  // ended between the first fetch and the stream's start are in them, not in the stream.
  const epochs = current && running ? current.epochs : (run?.epochs ?? []);
  return { epochs, finished: current?.finished ?? false };
}
