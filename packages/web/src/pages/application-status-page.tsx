import { contract, QudaoApiError, QudaoClient } from '@qudao/client';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { ApiProvider } from '../app/api-context.tsx';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { AsyncContent, ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { WithValue } from '../components/with-value.tsx';
import {
  applicantToken,
  forgetApplicantToken,
  rememberApplicantToken,
} from '../programme/applicant-token.ts';
import { useApplyText } from '../programme/apply.messages.ts';

type Application = Awaited<ReturnType<QudaoClient['applications']['mine']>>;
type Onboarded = Awaited<ReturnType<QudaoClient['applications']['acceptTerms']>>;

/** A client that proves the application is the caller's own (`X-Application-Token`). */
function applicantClient(token: string): QudaoClient {
  return new QudaoClient({
    baseUrl: '',
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'x-application-token': token },
      }),
  });
}

function TokenForm(props: { onToken: (token: string) => void }) {
  const t = useApplyText();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) props.onToken(value.trim());
  };
  return (
    <form className="panel inline-form" onSubmit={submit} data-testid="applicant-token-form">
      <p className="muted wide">{t('status.tokenPrompt')}</p>
      <label className="field inline">
        <span className="field-label">{t('status.token')}</span>
        <input name="token" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="button primary">
        {t('status.open')}
      </button>
    </form>
  );
}

function ReplyForm({ application, token }: { application: Application; token: string }) {
  const t = useApplyText();
  const [reply, setReply] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const send = useApiMutation(
    (client, body: z.output<typeof contract.ApplicantReplySchema>) =>
      client.applications.reply({ params: { applicationId: application.id }, body }),
    [['application', application.id]],
  );
  return (
    <FormPanel
      title={t('next.info_requested')}
      submit={t('status.sendReply')}
      busy={send.isPending}
      error={send.error}
      testId="reply-form"
      onSubmit={() => {
        const parsed = check(contract.ApplicantReplySchema, { token, reply });
        setErrors(parsed.ok ? {} : parsed.errors);
        if (parsed.ok) send.mutate(parsed.value);
      }}
    >
      <blockquote className="question wide">{application.infoRequest}</blockquote>
      <Field label={t('status.reply')} name="reply" errors={errors}>
        <textarea name="reply" rows={3} value={reply} onChange={(e) => setReply(e.target.value)} />
      </Field>
    </FormPanel>
  );
}

function Welcome({ onboarded }: { onboarded: Onboarded }) {
  const t = useApplyText();
  return (
    <section className="panel" data-testid="onboarded">
      <h2>{t('manager.title')}</h2>
      <p className="secret-once">
        {t('manager.once')} <code data-testid="manager-token">{onboarded.manager.token}</code>
      </p>
      <a className="button primary" href="/">
        {t('manager.open')}
      </a>
    </section>
  );
}

function AcceptTerms({ application, token }: { application: Application; token: string }) {
  const t = useApplyText();
  const terms = useApiQuery(['terms'], (client) => client.applications.currentTerms());
  const [acceptedBy, setAcceptedBy] = useState(application.contactName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [onboarded, setOnboarded] = useState<Onboarded | null>(null);
  const accept = useApiMutation((client, body: z.output<typeof contract.AcceptTermsSchema>) =>
    client.applications.acceptTerms({ params: { applicationId: application.id }, body }),
  );
  if (onboarded) return <Welcome onboarded={onboarded} />;
  return (
    <AsyncContent state={terms}>
      {(current) =>
        current === null ? (
          <p className="panel muted">{t('terms.none')}</p>
        ) : (
          <FormPanel
            title={t('terms.title', { version: current.version })}
            submit={t('terms.accept')}
            busy={accept.isPending}
            error={accept.error}
            testId="terms-form"
            onSubmit={() => {
              const parsed = check(contract.AcceptTermsSchema, {
                token,
                version: current.version,
                acceptedBy,
              });
              setErrors(parsed.ok ? {} : parsed.errors);
              if (parsed.ok) accept.mutate(parsed.value, { onSuccess: setOnboarded });
            }}
          >
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: long terms scroll; keyboards must reach them. */}
            <div className="terms-text wide" tabIndex={0}>
              {current.text}
            </div>
            <Field label={t('terms.acceptedBy')} name="acceptedBy" errors={errors}>
              <input
                name="acceptedBy"
                value={acceptedBy}
                onChange={(e) => setAcceptedBy(e.target.value)}
              />
            </Field>
          </FormPanel>
        )
      }
    </AsyncContent>
  );
}

function Status(props: { applicationId: string; token: string; onWrong: (e: unknown) => void }) {
  const { applicationId, token, onWrong } = props;
  const t = useApplyText();
  const state = useApiQuery(['application', applicationId, token], (client) =>
    client.applications.mine({ params: { applicationId } }),
  );
  // A wrong or mistyped token: forget it and ask again, with the sentence for the refusal.
  useEffect(() => {
    if (state.error instanceof QudaoApiError && state.error.status === 404) onWrong(state.error);
  }, [state.error, onWrong]);
  return (
    <AsyncContent state={state}>
      {(application) => (
        <>
          <PageHeader
            title={t('status.title')}
            subtitle={
              <WithValue
                text={(vars) => t('status.subtitle', vars)}
                name="company"
                value={application.company}
              />
            }
          />
          <section className="panel" data-testid="application-status">
            <p>
              <span className="field-label">{t('status.state')}</span>{' '}
              <span className={`badge app-${application.status}`} data-status={application.status}>
                {t(`status.${application.status}`)}
              </span>
            </p>
            {application.status === 'info_requested' ? null : (
              <p>{t(`next.${application.status}`)}</p>
            )}
            {application.decisionReason ? (
              <p className="muted">{t('status.reason', { reason: application.decisionReason })}</p>
            ) : null}
            {application.reply && application.status === 'submitted' ? (
              <p className="muted">{t('status.replied', { reply: application.reply })}</p>
            ) : null}
          </section>
          {application.status === 'info_requested' ? (
            <ReplyForm application={application} token={token} />
          ) : null}
          {application.status === 'approved' ? (
            <AcceptTerms application={application} token={token} />
          ) : null}
          {application.status === 'onboarded' ? (
            <a className="button primary" href="/">
              {t('manager.open')}
            </a>
          ) : null}
        </>
      )}
    </AsyncContent>
  );
}

/** The applicant's own page: where its application stands, and its next step. */
export function ApplicationStatusPage({ applicationId }: { applicationId: string }) {
  const t = useApplyText();
  const [token, setToken] = useState<string | null>(() => applicantToken(applicationId));
  const [wrong, setWrong] = useState<unknown>(null);
  const client = useMemo(() => (token ? applicantClient(token) : null), [token]);
  const onWrong = useCallback(
    (error: unknown) => {
      forgetApplicantToken(applicationId);
      setWrong(error);
      setToken(null);
    },
    [applicationId],
  );
  const onToken = (next: string) => {
    rememberApplicantToken(applicationId, next);
    setWrong(null);
    setToken(next);
  };
  return (
    <div className="page narrow-page biz" data-testid="page-application-status">
      {client && token ? (
        <ApiProvider client={client} onUnauthorized={() => {}}>
          <Status applicationId={applicationId} token={token} onWrong={onWrong} />
        </ApiProvider>
      ) : (
        <>
          <PageHeader title={t('status.title')} />
          {wrong ? <ErrorBox error={wrong} /> : null}
          <TokenForm onToken={onToken} />
        </>
      )}
    </div>
  );
}
