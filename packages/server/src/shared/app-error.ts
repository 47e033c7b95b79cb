/**
 * The one error type the server answers with: a stable `code` (`<domain>.<reason>`), the
 * HTTP status it maps to, and a sentence a user can act on. `params` are the values the
 * sentence was made from, so the console can say the same thing in another language.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly params: readonly unknown[] = [],
    /** Headers the answer carries (e.g. 429's `Retry-After`); set by the error handler. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.params.length ? { params: this.params } : {}),
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// biome-ignore lint/suspicious/noExplicitAny: sentence parameters vary by code
type Sentence = (...args: any[]) => string;

/** One error of a domain: its stable code, its HTTP status and the sentence it says. */
export type ErrorSpec = readonly [code: string, status: number, sentence: Sentence];

export type ErrorFactories<S extends Record<string, ErrorSpec>> = {
  [K in keyof S]: (...args: Parameters<S[K][2]>) => AppError;
};

/** The codes of a domain's errors, as a union: `ErrorCodeOf<typeof dealErrors>`. */
export type ErrorCodeOf<F> = F extends { readonly $codes: readonly (infer C)[] } ? C : never;

/**
 * A domain's errors as one `as const` table: factory name → [code, status, sentence]. Every
 * code has exactly one status and one sentence by construction; `errorCodes(table)` lists the
 * codes (for the API reference and the console's translations).
 */
export function defineErrors<const S extends Record<string, ErrorSpec>>(
  specs: S,
): ErrorFactories<S> & { readonly $codes: readonly S[keyof S][0][] } {
  const factories: Record<string, (...args: unknown[]) => AppError> = {};
  for (const [name, [code, status, sentence]] of Object.entries(specs)) {
    factories[name] = (...args: unknown[]) =>
      new AppError(code, status, sentence(...args), undefined, args);
  }
  return Object.assign(factories, {
    $codes: Object.values(specs).map(([code]) => code),
  }) as never;
}

/** Every code a domain's error table can answer. */
export function errorCodes(table: { readonly $codes: readonly string[] }): readonly string[] {
  return table.$codes;
}
