import type { Endpoint, Prediction } from '@qudao/client';
import { useRef, useState } from 'react';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { DigitPreview } from '../components/digit-preview.tsx';
import { clearCanvas, DrawingCanvas, readDrawing } from '../components/drawing-canvas.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProbabilityBars } from '../components/probability-bars.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

function ResultPanel(props: { prediction: Prediction | null; error: string | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const { prediction } = props;
  return (
    <section className="panel result-panel" aria-live="polite">
      <div className="panel-title">{t('playground.prediction')}</div>
      {props.error ? (
        <div className="error-box" role="alert">
          {props.error}
        </div>
      ) : null}
      {prediction ? (
        <>
          <div className="result-head">
            <span className="result-digit" data-testid="playground-result">
              {prediction.label}
            </span>
            <div className="result-meta">
              <span data-testid="playground-latency">
                {t('playground.servedBy', {
                  model: prediction.model,
                  version: prediction.version,
                  latency: f.latency(prediction.latencyMs),
                })}
              </span>
              <span className={prediction.billed ? 'warning-text' : 'muted'}>
                {prediction.billed ? t('playground.billed') : t('playground.notBilled')}
              </span>
            </div>
          </div>
          <ProbabilityBars prediction={prediction} label={t('playground.probabilities')} />
        </>
      ) : props.error ? null : (
        <p className="muted">{t('playground.waiting')}</p>
      )}
    </section>
  );
}

function Playground(props: { endpoints: Endpoint[]; initialEndpoint: string | null }) {
  const { t } = useI18n();
  const client = useClient();
  const handleError = useApiErrorHandler();
  const usable = props.endpoints.filter((e) => e.status === 'active');
  const choices = usable.length > 0 ? usable : props.endpoints;
  const [endpoint, setEndpoint] = useState(
    () => choices.find((e) => e.name === props.initialEndpoint)?.name ?? choices[0]?.name ?? '',
  );
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [rows, setRows] = useState<number[][] | null>(null);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const predict = async () => {
    const input = readDrawing(canvasRef.current);
    setRows(input);
    if (!input) {
      setPrediction(null);
      setError(t('playground.nothingDrawn'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setPrediction(
        await client.serving.predict({ params: { name: endpoint }, body: { image: input } }),
      );
    } catch (err) {
      setPrediction(null);
      setError(t('playground.failed', { message: handleError(err).message }));
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    if (canvasRef.current) clearCanvas(canvasRef.current);
    setRows(null);
    setPrediction(null);
    setError(null);
  };

  return (
    <div className="playground">
      <section className="panel draw-panel">
        <label className="field">
          <span className="field-label">{t('playground.endpoint')}</span>
          <select
            data-testid="playground-endpoint"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
          >
            {choices.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name} · {e.model} v{e.version}
              </option>
            ))}
          </select>
        </label>
        <DrawingCanvas
          canvasRef={canvasRef}
          label={t('playground.canvas')}
          onStrokeEnd={() => setRows(readDrawing(canvasRef.current))}
        />
        <p className="muted small">{t('playground.drawHint')}</p>
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            data-testid="playground-predict"
            disabled={busy || !endpoint}
            onClick={predict}
          >
            {busy ? t('playground.predicting') : t('playground.predict')}
          </button>
          <button type="button" className="button" data-testid="playground-clear" onClick={clear}>
            {t('playground.clear')}
          </button>
        </div>
      </section>
      <section className="panel preview-panel">
        <div className="panel-title">{t('playground.preview')}</div>
        <DigitPreview rows={rows} label={t('playground.preview')} />
        <p className="muted small">{t('playground.previewHint')}</p>
      </section>
      <ResultPanel prediction={prediction} error={error} />
    </div>
  );
}

export function PlaygroundPage(props: { initialEndpoint: string | null }) {
  const { t } = useI18n();
  const state = useApiQuery(['endpoints'], (client) => client.serving.listEndpoints());
  return (
    <div className="page" data-testid="page-playground">
      <PageHeader title={t('playground.title')} subtitle={t('playground.subtitle')} />
      <AsyncContent state={state}>
        {(endpoints) =>
          endpoints.length > 0 ? (
            <Playground endpoints={endpoints} initialEndpoint={props.initialEndpoint} />
          ) : (
            <EmptyState>{t('playground.noEndpoints')}</EmptyState>
          )
        }
      </AsyncContent>
    </div>
  );
}
