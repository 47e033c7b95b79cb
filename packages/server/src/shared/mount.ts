import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from './app-error.ts';
import type { Contract, RouteContract } from './contract.ts';
import type { Principal } from './principal.ts';
import { parseInput } from './validate.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a route handler gets: the validated params, query and body, and who is calling. */
export interface RouteInput<R extends RouteContract> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  /** The validated JSON body; for routes that also take other media types, the raw body. */
  body: R['bodyTypes'] extends readonly string[] ? unknown : Parsed<R['body']>;
  /** The caller (the owner for public routes, which never read it). */
  principal: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Aborted when the client disconnects before the answer is sent: long work stops. */
  signal: AbortSignal;
}

/** A handler answers the contract's response, or the reply itself when it streams or sends bytes. */
export type RouteHandler<R extends RouteContract> = (
  input: RouteInput<R>,
) => Promise<z.input<R['response']> | FastifyReply> | z.input<R['response']> | FastifyReply;

export type Handlers<C extends Contract> = { [K in keyof C]: RouteHandler<C[K]> };

/**
 * Mounts a domain's contract: one Fastify route per entry, each with its access rule and its
 * handler; inputs are validated here (`request.invalid` with every issue) and replies are
 * checked against the response schema as `config.replyValidation` says.
 */
export function mountContract<C extends Contract>(
  app: FastifyInstance,
  ctx: AppContext,
  contract: C,
  handlers: Handlers<C>,
): void {
  for (const [operation, spec] of Object.entries(contract) as [string, RouteContract][]) {
    const handler = handlers[operation] as RouteHandler<RouteContract>;
    app.route({
      method: spec.method,
      url: spec.path,
      config: { access: spec.access, contract: spec },
      handler: async (request, reply) => {
        const input: RouteInput<RouteContract> = new CallInput(
          (spec.params ? parseInput(spec.params, request.params, 'path') : {}) as never,
          (spec.query ? parseInput(spec.query, request.query, 'query') : {}) as never,
          readBody(spec, request),
          request.principal ?? { kind: 'owner' },
          request,
          reply,
        );
        const result = await handler(input);
        if (result === reply) return reply;
        reply.code(spec.status ?? 200);
        if (spec.status === 204) return reply.send();
        return checkReply(spec, result, ctx.config.replyValidation);
      },
    });
  }
}

/**
 * A handler's input. `signal` is a getter of the class, never of an object literal: a literal
 * with a getter gets a hidden class of its own for each call (its getter is a new closure), held
 * from the shared one's transitions, which the young-generation collector keeps alive; the
 * getter's closure holds the request and reply, so every call's request graph was copied twice
 * and promoted (0.8 to 2.6 MB a collection, pauses of 4 to 6 ms: the tail of a prediction at
 * concurrency 1, docs/serving.md). A class's getter is on its prototype, made once.
 */
class CallInput implements RouteInput<RouteContract> {
  constructor(
    readonly params: never,
    readonly query: never,
    readonly body: unknown,
    readonly principal: Principal,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
  ) {}

  get signal(): AbortSignal {
    return disconnectSignal(this.reply);
  }
}

/**
 * A route that takes only raw bodies takes only its listed types: any other body Fastify parsed
 * (text, JSON, a form) is refused here, before the service mistakes it for something it is not.
 * A route that also takes JSON (predict) sorts its bodies out itself, with its own code.
 */
function checkMediaType(spec: RouteContract, request: FastifyRequest): void {
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!type || spec.body) return;
  const accepted = spec.bodyTypes!;
  if (!accepted.includes(type)) {
    throw new AppError(
      'request.unsupported_media_type',
      415,
      `this route takes ${accepted.join(' or ')}, not ${type.slice(0, 100)}`,
    );
  }
}

const signals = new WeakMap<FastifyReply, AbortSignal>();

/**
 * A signal aborted when the connection closes before the reply was sent (the client hung up or
 * timed out). Made on first use, so routes that never ask pay nothing.
 */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const known = signals.get(reply);
  if (known) return known;
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  signals.set(reply, controller.signal);
  return controller.signal;
}

function readBody(spec: RouteContract, request: FastifyRequest): unknown {
  if (spec.bodyTypes) {
    checkMediaType(spec, request);
    return request.body;
  }
  if (!spec.body) return undefined;
  return parseInput(spec.body, request.body ?? {}, 'body');
}

/**
 * `strip` sends only what the schema documents (never an internal field by accident); `strict`
 * (the tests) also fails when the reply holds anything the schema does not, so the contract and
 * the code cannot drift apart unnoticed; `off` sends the handler's value as it is.
 */
export function checkReply(
  spec: RouteContract,
  value: unknown,
  mode: 'strict' | 'strip' | 'off',
): unknown {
  if (mode === 'off' || spec.produces || (mode === 'strip' && spec.replyAsBuilt)) return value;
  const result = spec.response.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw replyMismatch(spec, `${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  if (mode === 'strict') {
    const sent = JSON.parse(JSON.stringify(value ?? null));
    const documented = JSON.parse(JSON.stringify(result.data ?? null));
    if (!isDeepStrictEqual(sent, documented)) {
      throw replyMismatch(spec, 'it holds fields the response schema does not document');
    }
  }
  return result.data;
}

function replyMismatch(spec: RouteContract, why: string): AppError {
  return new AppError(
    'internal.reply_schema',
    500,
    `the reply of ${spec.method} ${spec.path} does not match its documented schema (${why})`,
  );
}
