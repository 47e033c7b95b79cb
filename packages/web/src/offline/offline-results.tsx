import type { Prediction } from '@qudao/client';
import type { ReactNode } from 'react';
import { type Column, DataTable } from '../components/data-table.tsx';
import { ProbabilityBars } from '../components/probability-bars.tsx';
import { useFormat } from '../i18n/format.ts';
import {
  type AnswerComparison,
  type ClassAnswer,
  type ClassDifference,
  compareAnswers,
  topClasses,
} from './answers.ts';
import type { BrowserAnswer } from './browser-model.ts';
import { useOfflineText } from './offline.messages.ts';

const TOP = 5;

/** A probability difference as a number a reader (and a test) can parse: 0, or 1.23e-7. */
export function differenceText(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  return value === 0 ? '0' : value.toExponential(2);
}

function AnswerPanel(props: {
  side: 'browser' | 'server';
  title: string;
  answer: ClassAnswer | null;
  meta: ReactNode;
  /** Shown instead of an answer: why there is none (no endpoint, a refusal, …). */
  note: ReactNode;
}) {
  const t = useOfflineText();
  const { answer, side } = props;
  return (
    <section className="panel offline-answer" aria-live="polite" data-testid={`offline-${side}`}>
      <h2>{props.title}</h2>
      {answer ? (
        <>
          <div className="result-head">
            <span
              className={answer.label.length > 2 ? 'result-digit long' : 'result-digit'}
              data-testid={`offline-${side}-label`}
              data-value
            >
              {answer.label}
            </span>
            <div className="result-meta">{props.meta}</div>
          </div>
          <ProbabilityBars
            prediction={topClasses(answer, TOP)}
            label={t('answer.top')}
            testId={`offline-${side}-probabilities`}
          />
        </>
      ) : (
        props.note
      )}
    </section>
  );
}

function Comparison({ comparison }: { comparison: AnswerComparison }) {
  const t = useOfflineText();
  const f = useFormat();
  const percent = (p: number | null) => (p === null ? '–' : f.percent(p, 4));
  const columns: Column<ClassDifference>[] = [
    {
      id: 'class',
      header: t('compare.col.class'),
      cell: (c) => <code>{c.label}</code>,
      value: (c) => c.label,
    },
    {
      id: 'browser',
      header: t('compare.col.browser'),
      cell: (c) => percent(c.browser),
      value: (c) => c.browser,
      className: 'num',
    },
    {
      id: 'server',
      header: t('compare.col.server'),
      cell: (c) => percent(c.server),
      value: (c) => c.server,
      className: 'num',
    },
    {
      id: 'diff',
      header: t('compare.col.diff'),
      cell: (c) => differenceText(c.difference),
      value: (c) => c.difference,
      className: 'num',
    },
  ];
  return (
    <section className="panel offline-compare" data-testid="offline-compare">
      <h2>{t('compare.title')}</h2>
      <div className="offline-verdict">
        <span
          className={comparison.labelsAgree ? 'badge ok' : 'badge missed'}
          data-testid="offline-agree"
          data-agree={comparison.labelsAgree}
        >
          {comparison.labelsAgree ? t('compare.agree') : t('compare.disagree')}
        </span>
        <div>
          <div className="muted small">{t('compare.maxDiff')}</div>
          <div className="offline-diff" data-testid="offline-max-diff" data-value>
            {differenceText(comparison.maxDifference)}
          </div>
          <div className="muted small">{t('compare.maxDiffHint')}</div>
        </div>
      </div>
      <DataTable
        rows={comparison.classes}
        columns={columns}
        rowKey={(c) => c.label}
        testId="offline-classes"
        label={t('compare.table')}
        rowProps={(c) => ({ 'data-class': c.label })}
      />
    </section>
  );
}

/** The server side: its answer, or the sentence saying why it gives none. */
export type ServerSide =
  | { kind: 'answer'; prediction: Prediction }
  | { kind: 'note'; text: string; testId: string };

/** Whether the server answered for this very version (a canary may answer for another). */
function servedAnswer(
  server: ServerSide | null,
  model: string,
  version: number,
): { answer: ClassAnswer | null; comparable: boolean } {
  if (server?.kind !== 'answer' || server.prediction.label === undefined) {
    return { answer: null, comparable: false };
  }
  const { prediction } = server;
  return {
    answer: { label: prediction.label!, probabilities: prediction.probabilities ?? [] },
    comparable: prediction.model === model && prediction.version === version,
  };
}

interface AnswersProps {
  browser: BrowserAnswer | null;
  browserError: string | null;
  backend: string;
  server: ServerSide | null;
  model: string;
  version: number;
}

/** The browser's answer above the server's (or the sentence saying why the server gives none). */
export function AnswerPanels(props: AnswersProps) {
  const t = useOfflineText();
  const f = useFormat();
  const { browser, server } = props;
  const served = servedAnswer(server, props.model, props.version).answer;
  const waiting = <p className="muted">{t('answer.waiting')}</p>;
  return (
    <div className="offline-answers">
      <AnswerPanel
        side="browser"
        title={t('browser.title')}
        answer={browser}
        meta={
          browser ? (
            <span data-testid="offline-browser-time">
              {t('browser.time', { latency: f.latency(browser.ms), backend: props.backend })}
            </span>
          ) : null
        }
        note={
          props.browserError ? (
            <div className="error-box" role="alert" data-testid="offline-browser-error">
              {props.browserError}
            </div>
          ) : (
            waiting
          )
        }
      />
      <AnswerPanel
        side="server"
        title={t('server.title')}
        answer={served}
        meta={
          server?.kind === 'answer' ? (
            <span data-testid="offline-server-time">
              {t('server.time', {
                endpoint: server.prediction.endpoint,
                latency: f.latency(server.prediction.latencyMs),
              })}
            </span>
          ) : null
        }
        note={
          server?.kind === 'note' ? (
            <p className="muted" data-testid={server.testId}>
              {server.text}
            </p>
          ) : (
            waiting
          )
        }
      />
    </div>
  );
}

/** How far apart the two answers are, once both are there and are of this version. */
export function ComparisonPanel(props: AnswersProps) {
  const t = useOfflineText();
  const { browser, server } = props;
  const { answer, comparable } = servedAnswer(server, props.model, props.version);
  if (!browser || !answer || server?.kind !== 'answer') return null;
  if (!comparable) {
    return (
      <p className="muted" data-testid="offline-not-compared">
        {t('server.otherVersion', {
          endpoint: server.prediction.endpoint,
          version: server.prediction.version,
        })}
      </p>
    );
  }
  return <Comparison comparison={compareAnswers(browser, answer)} />;
}
