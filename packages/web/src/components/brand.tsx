import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';

/** The product mark and name; a Latin "Q" so it renders even without CJK fonts. */
export function Brand(props: { href?: string }) {
  const { t } = useI18n();
  const content = (
    <>
      <span className="brand-mark" aria-hidden="true">
        Q
      </span>
      <span className="brand-name">{t('app.name')}</span>
      <span className="brand-sub">{t('app.console')}</span>
    </>
  );
  return props.href ? (
    <Link className="brand" to={props.href}>
      {content}
    </Link>
  ) : (
    <span className="brand">{content}</span>
  );
}
