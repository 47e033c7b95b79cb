import type { BatchProgress } from '@qudao/ml';
import cliProgress from 'cli-progress';

/**
 * One progress bar per epoch on stderr with loss, accuracy and speed; where stderr is not a
 * terminal (logs, CI) it prints one line per finished epoch instead.
 */
export class EpochProgressBars {
  private bar: cliProgress.SingleBar | null = null;
  private epoch = 0;
  private last: BatchProgress | null = null;
  private readonly tty = Boolean(process.stderr.isTTY);

  update(p: BatchProgress): void {
    if (p.epoch !== this.epoch) {
      this.finishEpoch();
      this.epoch = p.epoch;
      if (this.tty) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `epoch ${p.epoch}/${p.epochs} {bar} {value}/{total} | loss {loss} | acc {acc} | {speed} samples/s | eta {eta_formatted}`,
            barCompleteChar: '█',
            barIncompleteChar: '░',
            barsize: 24,
            hideCursor: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(p.batches, 0, { loss: '-', acc: '-', speed: '-' });
      }
    }
    this.last = p;
    this.bar?.update(p.batch, {
      loss: p.loss.toFixed(4),
      acc: fmt(p.accuracy),
      speed: Math.round(p.samplesPerSecond),
    });
  }

  finishEpoch(): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
    } else if (this.last && !this.tty) {
      const p = this.last;
      process.stderr.write(
        `epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}, acc ${fmt(p.accuracy)}, ${Math.round(p.samplesPerSecond)} samples/s\n`,
      );
    }
    this.last = null;
  }
}

/** Regression runs have no accuracy: show a dash instead of NaN. */
function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : '—';
}
