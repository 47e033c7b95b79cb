/** One documented option of a model template. */
export interface TemplateOption {
  type: 'int' | 'number' | 'boolean' | 'int-list' | 'choice' | 'json';
  /** What the option does, shown by `qudao templates` and in errors. */
  doc: string;
  default?: unknown;
  min?: number;
  max?: number;
  choices?: readonly string[];
}

/** A template option that does not fit its declaration; `code` is stable for callers. */
export class TemplateOptionError extends Error {
  readonly code = 'training.bad_template_option';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateOptionError';
  }
}

/**
 * Checks `given` against the declared options and fills in defaults. Unknown names, wrong types
 * and values out of range are refused with a sentence naming the option.
 */
export function resolveTemplateOptions(
  template: string,
  declared: Record<string, TemplateOption>,
  given: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) {
      const known = Object.keys(declared);
      throw new TemplateOptionError(
        `template ${template} has no option "${name}"; options: ${known.length ? known.join(', ') : '(none)'}`,
      );
    }
  }
  for (const [name, option] of Object.entries(declared)) {
    const value = given[name] ?? option.default;
    if (value === undefined) {
      throw new TemplateOptionError(`template ${template} needs option "${name}": ${option.doc}`);
    }
    const problem = checkValue(option, value);
    if (problem) throw new TemplateOptionError(`template ${template} option "${name}" ${problem}`);
    out[name] = value;
  }
  return out;
}

function checkValue(option: TemplateOption, value: unknown): string | null {
  const inRange = (v: number) =>
    (option.min === undefined || v >= option.min) && (option.max === undefined || v <= option.max);
  const range = `between ${option.min ?? '-∞'} and ${option.max ?? '∞'}`;
  switch (option.type) {
    case 'int':
      return Number.isInteger(value) && inRange(value as number)
        ? null
        : `must be an integer ${range}; got ${JSON.stringify(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && inRange(value)
        ? null
        : `must be a number ${range}; got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : `must be true or false; got ${JSON.stringify(value)}`;
    case 'int-list':
      return Array.isArray(value) &&
        value.length > 0 &&
        value.every((v) => Number.isInteger(v) && inRange(v))
        ? null
        : `must be a non-empty list of integers ${range}; got ${JSON.stringify(value)}`;
    case 'choice':
      return option.choices?.includes(value as string)
        ? null
        : `must be one of ${option.choices?.join(', ')}; got ${JSON.stringify(value)}`;
    case 'json':
      return value !== null && typeof value === 'object' ? null : 'must be a JSON object or array';
  }
}
