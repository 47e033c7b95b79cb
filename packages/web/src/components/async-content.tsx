import type { ReactNode } from 'react';
import type { ApiState } from '../app/query.ts';
import { errorCode, errorSentence } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

/** An API failure as the sentence for its code in the chosen language, with the code itself. */
export function ErrorBox(props: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const code = errorCode(props.error);
  return (
    <div className="error-box" role="alert" data-testid="error-box" data-code={code ?? undefined}>
      <span>
        {t('common.error', { message: errorSentence(props.error, lang) })}
        {code ? (
          <>
            {' '}
            <code className="error-code">{code}</code>
          </>
        ) : null}
      </span>
      {props.onRetry ? (
        <button type="button" className="button small" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** Shows a spinner while `state` loads, its error with a retry, else `children(data)`. */
export function AsyncContent<T>(props: { state: ApiState<T>; children: (data: T) => ReactNode }) {
  const { state } = props;
  if (state.data !== undefined) return <>{props.children(state.data)}</>;
  if (state.error && !state.loading) return <ErrorBox error={state.error} onRetry={state.reload} />;
  return <Loading />;
}

export function EmptyState(props: { children: ReactNode }) {
  return <div className="empty-state">{props.children}</div>;
}
