import type { ReactNode } from 'react';
import type { z } from 'zod';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox } from './async-content.tsx';

/** Field name → the first problem the server's own schema found with it. */
export type FieldErrors = Record<string, string>;

/**
 * Checks the form's values with the server's request schema (shared through the client's
 * `contract`), so the console refuses exactly what the API would; returns the parsed body or
 * the problems by field.
 */
export function check<S extends z.ZodType>(
  schema: S,
  values: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.code;
  }
  return { ok: false, errors };
}

export function Field(props: {
  label: string;
  name: string;
  errors?: FieldErrors;
  children: ReactNode;
  hint?: string;
}) {
  const { t } = useI18n();
  const problem = props.errors?.[props.name];
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child the caller passes.
    <label className="field">
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint ? <span className="field-hint muted">{props.hint}</span> : null}
      {problem ? (
        <span className="field-error" role="alert" data-field-error={props.name}>
          {problem === 'too_small' || problem === 'invalid_type'
            ? t('form.required')
            : t('form.invalid')}
        </span>
      ) : null}
    </label>
  );
}

/** A form panel with its submit button and the server's refusal, if any. */
export function FormPanel(props: {
  title: string;
  submit: string;
  busy: boolean;
  error: unknown;
  testId: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="panel form-panel"
      data-testid={props.testId}
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2>{props.title}</h2>
      <div className="form-grid">{props.children}</div>
      {props.error ? <ErrorBox error={props.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={props.busy}>
          {props.submit}
        </button>
      </div>
    </form>
  );
}

/** Comma-separated words as a list ("east, north" → ["east", "north"]). */
export function words(text: string): string[] {
  return text
    .split(/[,,]/)
    .map((w) => w.trim())
    .filter(Boolean);
}
