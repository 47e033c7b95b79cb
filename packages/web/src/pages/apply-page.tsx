import { contract, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiMutation } from '../app/query.ts';
import { check, Field, type FieldErrors, FormPanel, words } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { rememberApplicantToken } from '../programme/applicant-token.ts';
import { useApplyText } from '../programme/apply.messages.ts';

const { PARTNER_MODELS, ApplicationInputSchema } = contract;
type Submitted = Awaited<ReturnType<QudaoClient['applications']['submit']>>;

function Received({ submitted }: { submitted: Submitted }) {
  const t = useApplyText();
  const { application, token } = submitted;
  return (
    <section className="panel received" data-testid="application-received" aria-live="polite">
      <h2>{t('done.title')}</h2>
      <dl className="facts">
        <dt>{t('done.number')}</dt>
        <dd>
          <code data-testid="application-id">{application.id}</code>
        </dd>
        <dt>{t('done.token')}</dt>
        <dd className="secret-once">
          <code data-testid="applicant-token">{token}</code>
          <span>{t('done.tokenOnce')}</span>
        </dd>
      </dl>
      <p>{t('done.next')}</p>
      <Link className="button primary" to={`/apply/${encodeURIComponent(application.id)}`}>
        {t('done.follow')}
      </Link>
    </section>
  );
}

/** The public partner application: anyone may apply, without signing in. */
export function ApplyPage() {
  const t = useApplyText();
  const [v, setV] = useState({
    company: '',
    contactName: '',
    contactEmail: '',
    regions: '',
    industries: '',
    model: 'referral',
    currency: 'USD',
    message: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const submit = useApiMutation((client, body: contract.ApplicationInput) =>
    client.applications.submit({ body }),
  );
  const set = (field: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [field]: value }));
  const send = () => {
    const parsed = check(ApplicationInputSchema, {
      ...v,
      regions: words(v.regions),
      industries: words(v.industries),
      message: v.message.trim() || undefined,
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    submit.mutate(parsed.value, {
      onSuccess: (result) => {
        rememberApplicantToken(result.application.id, result.token);
        setSubmitted(result);
      },
    });
  };
  return (
    <div className="page narrow-page biz" data-testid="page-apply">
      <PageHeader title={t('apply.title')} subtitle={t('apply.subtitle')} />
      {submitted ? (
        <Received submitted={submitted} />
      ) : (
        <FormPanel
          title={t('apply.form')}
          submit={t('apply.submit')}
          busy={submit.isPending}
          error={submit.error}
          testId="apply-form"
          onSubmit={send}
        >
          <Field label={t('apply.company')} name="company" errors={errors}>
            <input
              name="company"
              value={v.company}
              onChange={(e) => set('company')(e.target.value)}
            />
          </Field>
          <Field label={t('apply.contactName')} name="contactName" errors={errors}>
            <input
              name="contactName"
              autoComplete="name"
              value={v.contactName}
              onChange={(e) => set('contactName')(e.target.value)}
            />
          </Field>
          <Field label={t('apply.contactEmail')} name="contactEmail" errors={errors}>
            <input
              name="contactEmail"
              type="email"
              autoComplete="email"
              value={v.contactEmail}
              onChange={(e) => set('contactEmail')(e.target.value)}
            />
          </Field>
          <Field
            label={t('apply.regions')}
            name="regions"
            errors={errors}
            hint={t('apply.wordsHint')}
          >
            <input
              name="regions"
              value={v.regions}
              onChange={(e) => set('regions')(e.target.value)}
            />
          </Field>
          <Field
            label={t('apply.industries')}
            name="industries"
            errors={errors}
            hint={t('apply.wordsHint')}
          >
            <input
              name="industries"
              value={v.industries}
              onChange={(e) => set('industries')(e.target.value)}
            />
          </Field>
          <Field label={t('apply.currency')} name="currency" errors={errors}>
            <select
              name="currency"
              value={v.currency}
              onChange={(e) => set('currency')(e.target.value)}
            >
              {['USD', 'CNY', 'EUR'].map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="field wide choice" aria-label={t('apply.model')}>
            <legend className="field-label">{t('apply.model')}</legend>
            {PARTNER_MODELS.map((m) => (
              <label key={m} className="choice-option">
                <input
                  type="radio"
                  name="model"
                  value={m}
                  checked={v.model === m}
                  onChange={() => set('model')(m)}
                />
                <span>{t(`model.${m}`)}</span>
              </label>
            ))}
          </fieldset>
          <Field label={t('apply.message')} name="message" errors={errors}>
            <textarea
              name="message"
              rows={3}
              value={v.message}
              onChange={(e) => set('message')(e.target.value)}
            />
          </Field>
        </FormPanel>
      )}
    </div>
  );
}
