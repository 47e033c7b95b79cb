import { contract, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { WithValue } from '../components/with-value.tsx';
import { useFormat } from '../i18n/format.ts';
import { useApplicationsText } from '../programme/applications.messages.ts';

type Application = Awaited<ReturnType<QudaoClient['applications']['list']>>[number];
const OPEN = new Set(['submitted', 'info_requested']);
/** The audit actions of an application that have words; any other is shown as recorded. */
const ACTIONS = new Set([
  'application_submitted',
  'application_info_requested',
  'application_replied',
  'application_approved',
  'application_rejected',
  'application_onboarded',
]);
const invalidates = (id: string) => [['applications'], ['partner-events', id], ['partners']];

function StatusBadge({ status }: { status: Application['status'] }) {
  const t = useApplicationsText();
  return (
    <span className={`badge app-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** Approve (with the partner's tier), decline with a reason, or ask the applicant a question. */
function Decide({ application }: { application: Application }) {
  const t = useApplicationsText();
  const b = useBusinessText();
  const [tier, setTier] = useState<(typeof contract.PARTNER_TIERS)[number]>('registered');
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const params = { applicationId: application.id };
  const decide = useApiMutation(
    (client, step: 'approve' | 'reject') =>
      client.applications[step]({ params, body: { tier, reason: reason.trim() || undefined } }),
    invalidates(application.id),
  );
  const ask = useApiMutation(
    (client, body: { question: string }) => client.applications.requestInfo({ params, body }),
    invalidates(application.id),
  );
  const run = (step: 'approve' | 'reject') => {
    const parsed = check(contract.DecisionSchema, { tier, reason: reason.trim() || undefined });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) decide.mutate(step);
  };
  const sendQuestion = () => {
    const parsed = check(contract.InfoRequestSchema, { question });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) ask.mutate(parsed.value, { onSuccess: () => setQuestion('') });
  };
  const busy = decide.isPending || ask.isPending;
  return (
    <section className="panel" data-testid="application-decide" aria-label={t('decide.title')}>
      <h2>{t('decide.title')}</h2>
      <div className="form-grid">
        <Field label={t('decide.tier')} name="tier" errors={errors}>
          <select name="tier" value={tier} onChange={(e) => setTier(e.target.value as typeof tier)}>
            {contract.PARTNER_TIERS.map((x) => (
              <option key={x} value={x}>
                {b(`tier.${x}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('decide.reason')} name="reason" errors={errors}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </div>
      <div className="action-row">
        <button
          type="button"
          className="button primary"
          disabled={busy || application.status !== 'submitted'}
          onClick={() => run('approve')}
        >
          {t('decide.approve')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => run('reject')}>
          {t('decide.reject')}
        </button>
      </div>
      {application.status === 'submitted' ? (
        <div className="inline-form ask-row">
          <Field label={t('decide.question')} name="question" errors={errors}>
            <input name="question" value={question} onChange={(e) => setQuestion(e.target.value)} />
          </Field>
          <button type="button" className="button" disabled={busy} onClick={sendQuestion}>
            {t('decide.ask')}
          </button>
        </div>
      ) : null}
      {decide.error ? <ErrorBox error={decide.error} /> : null}
      {ask.error ? <ErrorBox error={ask.error} /> : null}
    </section>
  );
}

/** Every state change of the application, from the programme's audit trail. */
function Trail({ applicationId }: { applicationId: string }) {
  const t = useApplicationsText();
  const f = useFormat();
  const events = useApiQuery(['partner-events', applicationId], (client) =>
    client.referrals.listEvents({ query: { subjectId: applicationId } }),
  );
  return (
    <section className="panel" data-testid="application-trail">
      <h2>{t('trail.title')}</h2>
      <AsyncContent state={events}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('trail.empty')}</EmptyState>
          ) : (
            <ol className="trail">
              {[...list]
                .sort((a, b) => a.at.localeCompare(b.at))
                .map((e) => (
                  <li key={e.id} data-action={e.action}>
                    <span className="strong">
                      {ACTIONS.has(e.action) ? (
                        t(`trail.${e.action}` as 'trail.application_submitted')
                      ) : (
                        <code>{e.action}</code>
                      )}
                    </span>{' '}
                    <span className="muted">
                      {f.dateTime(e.at)} · <code>{e.actor}</code>
                    </span>
                  </li>
                ))}
            </ol>
          )
        }
      </AsyncContent>
    </section>
  );
}

function Detail({ application }: { application: Application }) {
  const t = useApplicationsText();
  const { role } = useSession();
  const none = t('detail.none');
  const facts: [string, string | null][] = [
    [t('detail.contact'), `${application.contactName} <${application.contactEmail}>`],
    [t('detail.regions'), application.regions.join(', ')],
    [t('detail.industries'), application.industries.join(', ') || none],
    [t('detail.model'), t(`model.${application.model}`)],
    [t('detail.currency'), application.currency],
    [t('detail.message'), application.message],
    [t('detail.question'), application.infoRequest],
    [t('detail.reply'), application.reply],
    [t('detail.reason'), application.decisionReason],
  ];
  return (
    <div className="detail-grid" data-testid="application-detail" data-status={application.status}>
      <section className="panel">
        <div className="panel-head">
          <h2>
            <WithValue
              text={(vars) => t('detail.title', vars)}
              name="company"
              value={application.company}
            />
          </h2>
          <StatusBadge status={application.status} />
        </div>
        <dl className="facts">
          {facts
            .filter(([, value]) => value !== null)
            .map(([label, value]) => (
              <div key={label} className="fact">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          {application.partnerId ? (
            <div className="fact">
              <dt>{t('detail.partner')}</dt>
              <dd>
                <code>{application.partnerId}</code>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <div className="stack">
        {!OPEN.has(application.status) ? (
          <p className="panel muted">{t('decide.done')}</p>
        ) : mayCall(role, 'applications.approve') ? (
          <Decide application={application} />
        ) : (
          <p className="panel muted">{t('decide.readOnly')}</p>
        )}
        <Trail applicationId={application.id} />
      </div>
    </div>
  );
}

function ApplicationsTable({ list }: { list: Application[] }) {
  const t = useApplicationsText();
  const f = useFormat();
  const columns: Column<Application>[] = [
    {
      id: 'company',
      header: t('col.company'),
      value: (a) => a.company,
      cell: (a) => a.company,
      cellClassName: 'strong',
    },
    {
      id: 'contact',
      header: t('col.contact'),
      value: (a) => a.contactName,
      cell: (a) => a.contactName,
    },
    {
      id: 'regions',
      header: t('col.regions'),
      value: (a) => a.regions.join(', '),
      cell: (a) => a.regions.join(', '),
    },
    {
      id: 'model',
      header: t('col.model'),
      value: (a) => t(`model.${a.model}`),
      cell: (a) => t(`model.${a.model}`),
    },
    {
      id: 'status',
      header: t('col.status'),
      value: (a) => a.status,
      cell: (a) => <StatusBadge status={a.status} />,
    },
    {
      id: 'submitted',
      header: t('col.submitted'),
      value: (a) => a.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (a) => f.dateTime(a.createdAt),
    },
    {
      id: 'review',
      header: t('col.review'),
      cell: (a) => (
        <Link
          className="button small"
          to={`/applications/${encodeURIComponent(a.id)}`}
          aria-label={`${t('applications.open')} ${a.company}`}
        >
          {t('applications.open')}
        </Link>
      ),
    },
  ];
  return (
    <DataTable
      rows={list}
      columns={columns}
      rowKey={(a) => a.id}
      testId="applications-table"
      label={t('applications.title')}
      rowProps={(a) => ({ 'data-application': a.company })}
    />
  );
}

/** The review queue: open applications first; one opens at its own URL with its history. */
export function ApplicationsPage() {
  const t = useApplicationsText();
  const { applicationId } = useParams();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const state = useApiQuery(['applications'], (client) => client.applications.list());
  return (
    <div className="page biz" data-testid="page-applications">
      <PageHeader title={t('applications.title')} subtitle={t('applications.subtitle')} />
      <AsyncContent state={state}>
        {(all) => {
          const selected = all.find((a) => a.id === applicationId);
          const shown = filter === 'open' ? all.filter((a) => OPEN.has(a.status)) : all;
          return (
            <>
              {applicationId ? (
                <>
                  <Link className="back-link" to="/applications">
                    {t('applications.back')}
                  </Link>
                  {selected ? (
                    <Detail key={selected.id} application={selected} />
                  ) : (
                    <EmptyState>{t('applications.missing')}</EmptyState>
                  )}
                </>
              ) : null}
              <section className="panel flush">
                <div className="panel-head padded">
                  <SegmentedControl
                    label={t('applications.show')}
                    value={filter}
                    onChange={setFilter}
                    testId="applications-filter"
                    options={[
                      { value: 'open', label: t('filter.open') },
                      { value: 'all', label: t('filter.all') },
                    ]}
                  />
                </div>
                {all.length === 0 ? (
                  <EmptyState>
                    {t('applications.empty')} <code>{`${window.location.origin}/apply`}</code>
                  </EmptyState>
                ) : shown.length === 0 ? (
                  <EmptyState>{t('applications.emptyFilter')}</EmptyState>
                ) : (
                  <ApplicationsTable list={shown} />
                )}
              </section>
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}
