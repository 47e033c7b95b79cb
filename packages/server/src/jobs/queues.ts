import type { z } from 'zod';

/**
 * A queue: its name, the zod schema of its payload (checked when a job is queued and again
 * when it is taken off the queue) and, in the type only, what its handler returns. Producer
 * and consumer both import the one definition, so they cannot drift apart.
 */
export interface QueueDefinition<
  N extends string = string,
  S extends z.ZodType = z.ZodType,
  R = unknown,
> {
  readonly name: N;
  readonly payload: S;
  /** Type only, never set: the handler's result. */
  readonly result?: R;
}

/**
 * Declares a queue whose handler returns `R`:
 * `export const trainingQueue = defineQueue<TrainingResult>()('training', TrainingConfigSchema)`,
 * then adds it to {@link Queues} with a `declare module` block beside the definition.
 */
export function defineQueue<R>() {
  return <const N extends string, S extends z.ZodType>(
    name: N,
    payload: S,
  ): QueueDefinition<N, S, R> => ({ name, payload });
}

/**
 * Every queue of the platform, by name. Empty here: each domain adds its own queues by
 * declaration merging (as `training/training.queues.ts` does), so jobs/ knows none of them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each domain's queue definitions
export interface Queues {}

export type QueueName = keyof Queues & string;

type DefinitionOf<Q extends QueueName> = Queues[Q] extends QueueDefinition ? Queues[Q] : never;

/** What a job of queue `Q` carries (the schema's output: defaults applied). */
export type QueuePayload<Q extends QueueName> = z.output<DefinitionOf<Q>['payload']>;

/** What a job of queue `Q` returns. */
export type QueueResult<Q extends QueueName> =
  DefinitionOf<Q> extends QueueDefinition<string, z.ZodType, infer R> ? R : never;
