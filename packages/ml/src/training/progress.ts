/**
 * Where a training loop stands after a batch: the one progress type of the platform. The
 * trainers emit it, a job carries it to its subscribers (with the run's id), the CLI draws
 * its bars from it and the console's live chart reads it off the event stream.
 */
export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running means over the epoch so far. */
  loss: number;
  accuracy: number;
  /** The learning rate of this batch, where the trainer schedules one (`fit`). */
  learningRate?: number;
  samplesPerSecond: number;
}
