import type { Feedback, Inquiry } from '@qudao/client';
import { type FormEvent, useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Field } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { type AccountKey, useAccountText } from './account.messages.ts';
import './account.css';

type Kind = Feedback['kind'];

const categoryKey = (c: Inquiry['category']): AccountKey => (c ? `category.${c}` : 'category.none');

/** Asks for help: the triage model sorts the text and routes it to the partner or support. */
function AskForm() {
  const t = useAccountText();
  const [text, setText] = useState('');
  const [sent, setSent] = useState<Inquiry | null>(null);
  const submit = useApiMutation(
    (client, body: { text: string }) => client.intelligence.submitInquiry({ body }),
    [['account-inquiries']],
  );
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSent(await submit.mutateAsync({ text }));
    setText('');
  };
  return (
    <form
      className="panel form-panel"
      aria-label={t('support.ask')}
      data-testid="support-ask"
      onSubmit={(e) => void onSubmit(e).catch(() => {})}
    >
      <h2>{t('support.ask')}</h2>
      <Field label={t('support.text')} name="text" hint={t('support.textHint')}>
        <textarea
          name="text"
          maxLength={5000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      {submit.error ? <ErrorBox error={submit.error} /> : null}
      {sent && !submit.error ? (
        <p role="status" data-testid="support-sent">
          {t('support.sent', {
            category: t(categoryKey(sent.category)),
            route: t(`route.${sent.route}`),
          })}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={submit.isPending || !text.trim()}
        >
          {t('support.send')}
        </button>
      </div>
    </form>
  );
}

/** CSAT (1–5), NPS (0–10) or a complaint, given for the customer itself. */
function RateForm() {
  const t = useAccountText();
  const [kind, setKind] = useState<Kind>('csat');
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [given, setGiven] = useState(false);
  const give = useApiMutation(
    (client, body: Parameters<typeof client.feedback.create>[0]['body']) =>
      client.feedback.create({ body }),
    [['account-feedback']],
  );
  const max = kind === 'nps' ? 10 : 5;
  const min = kind === 'nps' ? 0 : 1;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setGiven(false);
    if (kind === 'complaint' && !comment.trim()) {
      setProblem(t('support.commentRequired'));
      return;
    }
    setProblem(null);
    const text = comment.trim() ? comment.trim() : undefined;
    await give.mutateAsync(
      kind === 'complaint' ? { kind, text: comment.trim() } : { kind, score, text },
    );
    setComment('');
    setGiven(true);
  };
  return (
    <form
      className="panel form-panel"
      aria-label={t('support.rate')}
      data-testid="support-rate"
      onSubmit={(e) => void onSubmit(e).catch(() => {})}
    >
      <h2>{t('support.rate')}</h2>
      <div className="form-grid">
        <Field label={t('support.kind')} name="kind">
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as Kind;
              setKind(next);
              setScore(next === 'nps' ? 10 : 5);
            }}
          >
            {(['csat', 'nps', 'complaint'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`support.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'complaint' ? null : (
          <Field label={t('support.score')} name="score">
            <input
              name="score"
              type="number"
              min={min}
              max={max}
              value={score}
              onChange={(e) => setScore(Math.max(min, Math.min(max, Number(e.target.value))))}
            />
          </Field>
        )}
      </div>
      <Field label={t('support.comment')} name="comment">
        <textarea
          name="comment"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      {problem ? (
        <div className="error-box" role="alert">
          {problem}
        </div>
      ) : null}
      {give.error ? <ErrorBox error={give.error} /> : null}
      {given ? (
        <p role="status" data-testid="support-given">
          {t('support.given')}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={give.isPending}>
          {t('support.give')}
        </button>
      </div>
    </form>
  );
}

function Inquiries({ inquiries }: { inquiries: Inquiry[] }) {
  const t = useAccountText();
  const f = useFormat();
  return (
    <DataTable
      rows={inquiries}
      rowKey={(i) => i.id}
      testId="support-inquiries"
      label={t('support.inquiries')}
      columns={[
        {
          id: 'received',
          header: t('col.received'),
          value: (i) => i.receivedAt,
          text: (i) => f.dateTime(i.receivedAt),
          cell: (i) => f.dateTime(i.receivedAt),
          cellClassName: 'nowrap',
        },
        { id: 'text', header: t('col.text'), value: (i) => i.text, cell: (i) => i.text },
        {
          id: 'category',
          header: t('col.category'),
          value: (i) => t(categoryKey(i.finalCategory ?? i.category)),
          cell: (i) => t(categoryKey(i.finalCategory ?? i.category)),
        },
        {
          id: 'route',
          header: t('col.route'),
          value: (i) => t(`route.${i.route}`),
          cell: (i) => t(`route.${i.route}`),
        },
        {
          id: 'status',
          header: t('col.status'),
          value: (i) => t(`status.${i.status}`),
          cell: (i) => t(`status.${i.status}`),
        },
      ]}
    />
  );
}

function FeedbackList({ feedback }: { feedback: Feedback[] }) {
  const t = useAccountText();
  const f = useFormat();
  return (
    <DataTable
      rows={feedback}
      rowKey={(x) => x.id}
      testId="support-feedback"
      label={t('support.feedback')}
      columns={[
        {
          id: 'given',
          header: t('col.given'),
          value: (x) => x.createdAt,
          text: (x) => f.dateTime(x.createdAt),
          cell: (x) => f.dateTime(x.createdAt),
          cellClassName: 'nowrap',
        },
        {
          id: 'kind',
          header: t('col.kind'),
          value: (x) => t(`support.kind.${x.kind}`),
          cell: (x) => t(`support.kind.${x.kind}`),
        },
        {
          id: 'score',
          header: t('col.score'),
          className: 'num',
          value: (x) => x.score,
          cell: (x) => (x.score === null ? '–' : f.integer(x.score)),
        },
        { id: 'text', header: t('col.text'), value: (x) => x.text ?? '', cell: (x) => x.text },
        {
          id: 'status',
          header: t('col.status'),
          value: (x) => t(`status.${x.status}`),
          cell: (x) => t(`status.${x.status}`),
        },
      ]}
    />
  );
}

/** A customer's support: ask for help (routed by the triage model), rate us, and its history. */
export function SupportPage() {
  const t = useAccountText();
  const inquiries = useApiQuery(['account-inquiries'], (client) =>
    client.intelligence.inquiries({ query: { limit: 200 } }),
  );
  const feedback = useApiQuery(['account-feedback'], (client) => client.feedback.list());
  return (
    <div className="page" data-testid="page-account-support">
      <PageHeader title={t('support.title')} subtitle={t('support.subtitle')} />
      <div className="account-columns">
        <AskForm />
        <RateForm />
      </div>
      <section className="panel flush">
        <h2 className="panel-title">{t('support.inquiries')}</h2>
        <AsyncContent state={inquiries}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t('support.noInquiries')}</EmptyState>
            ) : (
              <Inquiries inquiries={list} />
            )
          }
        </AsyncContent>
      </section>
      <section className="panel flush">
        <h2 className="panel-title">{t('support.feedback')}</h2>
        <AsyncContent state={feedback}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t('support.noFeedback')}</EmptyState>
            ) : (
              <FeedbackList feedback={list} />
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}
