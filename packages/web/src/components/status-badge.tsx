import type { Endpoint } from '@qudao/client';
import { useI18n } from '../i18n/i18n.tsx';

export function StatusBadge(props: { status: Endpoint['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${props.status}`}>
      <span className="dot" aria-hidden="true" />
      {t(props.status === 'active' ? 'endpoints.status.active' : 'endpoints.status.stopped')}
    </span>
  );
}
