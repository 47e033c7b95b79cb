import { type FormEvent, useState } from 'react';
import { LanguageToggle } from '../components/app-header.tsx';
import { Brand } from '../components/brand.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useApplyText } from '../programme/apply.messages.ts';

/** Shown without an owner token, or when the API rejected the one we had. */
export function TokenPage(props: { rejected: boolean; onToken: (token: string) => void }) {
  const { t } = useI18n();
  const apply = useApplyText();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (token) props.onToken(token);
  };
  return (
    <div className="token-screen" data-testid="token-required">
      <div className="token-card">
        <div className="token-top">
          <Brand />
          <LanguageToggle />
        </div>
        <h1>{t('token.title')}</h1>
        {props.rejected ? (
          <p className="warning" role="alert">
            {t('token.rejected')}
          </p>
        ) : null}
        <p>{t('token.body')}</p>
        <pre className="command">
          <code>npx qudao serve</code>
        </pre>
        <p className="muted">{t('token.hint')}</p>
        <form className="token-form" onSubmit={submit}>
          <label htmlFor="token-input">{t('token.paste')}</label>
          <div className="inline-form">
            <input
              id="token-input"
              type="password"
              autoComplete="off"
              placeholder={t('token.placeholder')}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
            <button type="submit" className="button primary" disabled={!value.trim()}>
              {t('token.submit')}
            </button>
          </div>
        </form>
        <p className="muted">
          <a href="/apply">{apply('apply.cta')}</a>
        </p>
      </div>
    </div>
  );
}
