import type { Prediction, PredictRequest } from '@qudao/client';
import { useRef, useState } from 'react';
import { useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { clearCanvas, context2d, DrawingCanvas } from '../components/drawing-canvas.tsx';
import { Field } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProbabilityBars } from '../components/probability-bars.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { SnippetPanel } from '../components/snippet-panel.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLlmText } from '../llm/llm.messages.ts';
import { ChatPlayground } from '../pages/gpt-playground-page.tsx';
import { preprocessDigit } from '../playground/preprocess.ts';
import { useAccountText } from './account.messages.ts';
import { predictSnippet } from './predict-snippets.ts';
import '../ml/ml.css';
import './account.css';

/** A product the customer may call: its name and the endpoint sold under it. */
interface Subscribed {
  id: string;
  name: string;
  endpoint: string;
  /** Sold through the OpenAI-compatible gateway (`/v1/chat/completions`), not `predict`. */
  chat: boolean;
}

type Mode = 'image' | 'text' | 'rows';

/** The answer of one call: the class and its probabilities, or a value, per row. */
function Answer({ prediction }: { prediction: Prediction }) {
  const t = useAccountText();
  const f = useFormat();
  const rows = prediction.predictions ?? [];
  return (
    <div data-testid="try-answer">
      {prediction.label !== undefined ? (
        <p>
          {t('try.label')}:{' '}
          <strong className="result-digit" data-testid="try-label" data-value={prediction.label}>
            {prediction.label}
          </strong>
        </p>
      ) : null}
      {prediction.value !== undefined ? (
        <p>
          {t('try.value')}:{' '}
          <strong data-testid="try-value" data-value={prediction.value}>
            {f.decimal(prediction.value, 4)}
          </strong>
        </p>
      ) : null}
      {prediction.probabilities ? (
        <ProbabilityBars prediction={prediction} label={t('try.probabilities')} />
      ) : null}
      {rows.length > 1 ? (
        <ol className="plain-list" data-testid="try-rows">
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows answer in the order they were sent.
            <li key={i}>
              {t('try.row', { n: i + 1 })}:{' '}
              <strong data-value>{'label' in row ? row.label : f.decimal(row.value, 4)}</strong>
            </li>
          ))}
        </ol>
      ) : null}
      <p className="muted small" data-testid="try-served">
        {t('try.servedBy', {
          model: prediction.model,
          version: prediction.version,
          latency: f.latency(prediction.latencyMs),
        })}{' '}
        <span className={prediction.billed ? 'warning-text' : ''}>
          {prediction.billed ? t('try.billed') : t('try.notBilled')}
        </span>
      </p>
    </div>
  );
}

/** An image, a text or rows sent to `POST /api/v1/endpoints/:name/predict` with the session. */
function PredictPlayground({ product }: { product: Subscribed }) {
  const t = useAccountText();
  const llm = useLlmText();
  const client = useClient();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [mode, setMode] = useState<Mode>('image');
  const [text, setText] = useState('');
  const [rows, setRows] = useState('[[5.1, 3.5, 1.4, 0.2]]');
  const [sent, setSent] = useState<PredictRequest | null>(null);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const body = (): PredictRequest | string => {
    if (mode === 'text') return { text };
    if (mode === 'rows') {
      try {
        const inputs = JSON.parse(rows) as unknown;
        return { inputs: Array.isArray(inputs) ? inputs : [inputs] };
      } catch (err) {
        return t('try.rowsInvalid', { message: (err as Error).message });
      }
    }
    const canvas = canvasRef.current;
    const ctx = canvas ? context2d(canvas) : null;
    if (!canvas || !ctx) return t('try.nothingDrawn');
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const image = preprocessDigit(data, width, height);
    return image ? { image } : t('try.nothingDrawn');
  };

  const send = async () => {
    const request = body();
    setPrediction(null);
    setError(null);
    if (typeof request === 'string') {
      setProblem(request);
      return;
    }
    setProblem(null);
    setSent(request);
    setBusy(true);
    try {
      setPrediction(
        await client.serving.predict({ params: { name: product.endpoint }, body: request }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="playground">
        <section className="panel draw-panel">
          <SegmentedControl
            label={t('try.input')}
            testId="try-mode"
            value={mode}
            onChange={(m) => {
              setMode(m);
              setProblem(null);
            }}
            options={[
              { value: 'image', label: t('try.mode.image') },
              { value: 'text', label: t('try.mode.text') },
              { value: 'rows', label: t('try.mode.rows') },
            ]}
          />
          {mode === 'image' ? (
            <>
              <DrawingCanvas canvasRef={canvasRef} label={t('try.canvas')} />
              <p className="muted small">{t('try.drawHint')}</p>
            </>
          ) : mode === 'text' ? (
            <Field label={t('try.text')} name="text">
              <textarea name="text" value={text} onChange={(e) => setText(e.target.value)} />
            </Field>
          ) : (
            <Field label={t('try.rows')} name="rows" hint={t('try.rowsHint')}>
              <textarea
                name="rows"
                className="mono"
                value={rows}
                onChange={(e) => setRows(e.target.value)}
              />
            </Field>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button primary"
              data-testid="try-send"
              disabled={busy}
              onClick={() => void send()}
            >
              {busy ? t('try.sending') : t('try.send')}
            </button>
            {mode === 'image' ? (
              <button
                type="button"
                className="button"
                onClick={() => canvasRef.current && clearCanvas(canvasRef.current)}
              >
                {t('try.clear')}
              </button>
            ) : null}
          </div>
        </section>
        <section className="panel result-panel" aria-live="polite">
          <h2 className="panel-title">{t('try.result')}</h2>
          {problem ? (
            <div className="error-box" role="alert" data-testid="try-problem">
              {problem}
            </div>
          ) : null}
          {error ? <ErrorBox error={error} /> : null}
          {prediction ? (
            <Answer prediction={prediction} />
          ) : problem || error ? null : (
            <p className="muted">{t('try.waiting')}</p>
          )}
        </section>
      </div>
      {sent ? (
        <SnippetPanel
          text={{
            title: t('try.snippet'),
            hint: t('try.snippetHint'),
            language: llm('snippet.lang'),
            copy: llm('copy'),
            copied: llm('copied'),
            copyFailed: llm('copyFailed'),
          }}
          render={(language) =>
            predictSnippet(language, {
              origin: window.location.origin,
              endpoint: product.endpoint,
              body: sent,
            })
          }
        />
      ) : null}
    </>
  );
}

function TryIt({ products }: { products: Subscribed[] }) {
  const t = useAccountText();
  const [productId, setProductId] = useState(products[0]!.id);
  const product = products.find((p) => p.id === productId) ?? products[0]!;
  return (
    <>
      <section className="panel">
        <Field label={t('try.product')} name="product">
          <select
            name="product"
            data-testid="try-product"
            value={product.id}
            onChange={(e) => setProductId(e.target.value)}
          >
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      </section>
      {product.chat ? (
        <ChatPlayground key={product.id} models={[product.endpoint]} initial={product.endpoint} />
      ) : (
        <PredictPlayground key={product.id} product={product} />
      )}
    </>
  );
}

/**
 * A customer's playground: each product it subscribes to, called with its own session (so
 * metered and billed like its keys' calls); language models stream through the gateway.
 */
export function TryItPage() {
  const t = useAccountText();
  const state = useApiQuery(['account-products'], async (client) => {
    const [subscriptions, products, models] = await Promise.all([
      client.plans.listSubscriptions(),
      client.plans.listProducts(),
      client.gateway.listModels(),
    ]);
    const mine = new Set(subscriptions.map((s) => s.productId));
    const chat = new Set(models.data.map((m) => m.id));
    return products
      .filter((p) => mine.has(p.id))
      .map((p) => ({ id: p.id, name: p.name, endpoint: p.endpoint, chat: chat.has(p.endpoint) }));
  });
  return (
    <div className="page" data-testid="page-account-try">
      <PageHeader title={t('try.title')} subtitle={t('try.subtitle')} />
      <AsyncContent state={state}>
        {(products) =>
          products.length === 0 ? (
            <EmptyState>{t('try.none')}</EmptyState>
          ) : (
            <TryIt products={products} />
          )
        }
      </AsyncContent>
    </div>
  );
}
