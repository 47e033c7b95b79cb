import type { ReactNode } from 'react';
import type { ApiState } from '../app/api-context.tsx';
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

export function ErrorBox(props: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error-box" role="alert">
      <span>{t('common.error', { message: props.error.message })}</span>
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
