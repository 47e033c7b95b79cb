import { GenerationStreamError, QudaoApiError, type StreamedGeneration } from '@qudao/client';
import { useEffect, useRef, useState } from 'react';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { formatMoney } from '../business/money.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { Field } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { SnippetPanel } from '../components/snippet-panel.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useLlmText } from '../llm/llm.messages.ts';
import { snippet } from '../llm/snippets.ts';
import '../ml/ml.css';

interface Settings {
  model: string;
  prompt: string;
  maxTokens: number;
  temperature?: number;
  seed?: number;
}

function Snippets({ settings }: { settings: Settings }) {
  const t = useLlmText();
  return (
    <SnippetPanel
      text={{
        title: t('snippet.title'),
        hint: t('snippet.hint'),
        language: t('snippet.lang'),
        copy: t('copy'),
        copied: t('copied'),
        copyFailed: t('copyFailed'),
      }}
      render={(language) => snippet(language, { origin: window.location.origin, ...settings })}
    />
  );
}

/** A stream's failure as the API error the error box knows (its code, in the chosen language). */
function asApiError(error: unknown): unknown {
  return error instanceof GenerationStreamError
    ? new QudaoApiError(error.status, error.code, error.message)
    : error;
}

/** The streamed chat of one or more language models (the owner's page, a customer's try-it page). */
export function ChatPlayground(props: { models: string[]; initial: string | null }) {
  const t = useLlmText();
  const f = useFormat();
  const { locale } = useI18n();
  const client = useClient();
  const handleError = useApiErrorHandler();
  const [settings, setSettings] = useState<Settings>({
    model: props.models.includes(props.initial ?? '') ? props.initial! : props.models[0]!,
    prompt: 'Call me Ishmael.',
    maxTokens: 64,
  });
  const [text, setText] = useState('');
  const [pieces, setPieces] = useState(0);
  const [firstMs, setFirstMs] = useState<number | null>(null);
  const [result, setResult] = useState<StreamedGeneration | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelled, setCancelled] = useState(false);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  // Leaving the page ends the stream (the server stops generating at its next step).
  useEffect(() => () => abort.current?.abort(), []);

  const generate = async () => {
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    let first = true;
    setText('');
    setPieces(0);
    setFirstMs(null);
    setResult(null);
    setError(null);
    setCancelled(false);
    setRunning(true);
    try {
      const done = await client.streamGeneration(
        {
          model: settings.model,
          messages: [{ role: 'user', content: settings.prompt }],
          max_tokens: settings.maxTokens,
          ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
          ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        },
        (piece) => {
          if (first) setFirstMs(performance.now() - started);
          first = false;
          setText((sofar) => sofar + piece);
          setPieces((n) => n + 1);
        },
        controller.signal,
      );
      setResult(done);
    } catch (err) {
      if (controller.signal.aborted) setCancelled(true);
      else setError(handleError(asApiError(err)));
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  const usage = result?.usage;
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  return (
    <>
      <div className="chat-layout">
        <form
          className="panel form-panel"
          data-testid="chat-form"
          aria-label={t('title')}
          onSubmit={(e) => {
            e.preventDefault();
            if (!running && settings.prompt.trim()) void generate();
          }}
        >
          <div className="form-grid">
            <Field label={t('model')} name="model">
              <select
                name="model"
                value={settings.model}
                onChange={(e) => setSettings({ ...settings, model: e.target.value })}
              >
                {props.models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('maxTokens')} name="maxTokens">
              <input
                name="maxTokens"
                type="number"
                min={1}
                max={4096}
                value={settings.maxTokens}
                onChange={(e) =>
                  setSettings({ ...settings, maxTokens: Number(e.target.value) || 1 })
                }
              />
            </Field>
            <Field label={t('temperature')} name="temperature">
              <input
                name="temperature"
                type="number"
                min={0}
                max={2}
                step={0.1}
                value={settings.temperature ?? ''}
                onChange={(e) => setSettings({ ...settings, temperature: number(e.target.value) })}
              />
            </Field>
            <Field label={t('seed')} name="seed" hint={t('seedHint')}>
              <input
                name="seed"
                type="number"
                min={0}
                value={settings.seed ?? ''}
                onChange={(e) => setSettings({ ...settings, seed: number(e.target.value) })}
              />
            </Field>
          </div>
          <Field label={t('prompt')} name="prompt" hint={t('promptHint')}>
            <textarea
              name="prompt"
              value={settings.prompt}
              onChange={(e) => setSettings({ ...settings, prompt: e.target.value })}
            />
          </Field>
          <div className="form-actions">
            {running ? (
              <button
                type="button"
                className="button"
                data-testid="chat-stop"
                onClick={() => abort.current?.abort()}
              >
                {t('stop')}
              </button>
            ) : null}
            <button
              type="submit"
              className="button primary"
              data-testid="chat-send"
              disabled={running || !settings.prompt.trim()}
            >
              {t('send')}
            </button>
          </div>
        </form>
        <section className="panel" aria-live="polite" data-testid="chat-answer">
          <h2>{t('answer')}</h2>
          {error ? <ErrorBox error={error} /> : null}
          {text || running ? (
            <div className="completion" data-testid="completion">
              {text}
            </div>
          ) : error ? null : (
            <p className="muted">{t('waiting')}</p>
          )}
          <p className="muted small" data-testid="chat-status">
            {[
              running ? t('streaming', { pieces }) : null,
              firstMs === null ? null : t('firstToken', { ms: f.latency(firstMs) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {cancelled ? <p className="muted">{t('cancelled')}</p> : null}
          {result ? (
            <div data-testid="chat-usage">
              <p>{t('finish', { reason: t(`finish.${result.finishReason}`) })}</p>
              {usage ? (
                <p className="strong">
                  {t('usage', {
                    prompt: f.integer(usage.prompt_tokens),
                    completion: f.integer(usage.completion_tokens),
                  })}
                </p>
              ) : null}
              <p className={usage?.cost_minor ? 'warning-text' : 'muted'} data-testid="chat-cost">
                {usage?.cost_minor && usage.currency
                  ? t('cost', { cost: formatMoney(usage.cost_minor, usage.currency, locale) })
                  : t('notBilled')}
              </p>
            </div>
          ) : null}
        </section>
      </div>
      <Snippets settings={settings} />
    </>
  );
}

/** The GPT playground: a prompt streamed from `POST /v1/chat/completions`, with code to copy. */
export function GptPlaygroundPage(props: { initialEndpoint: string | null }) {
  const t = useLlmText();
  const models = useApiQuery(['llm-models'], (client) => client.gateway.listModels());
  return (
    <div className="page" data-testid="page-chat">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <AsyncContent state={models}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState>
              {t('empty')} <code>qudao deploy &lt;model@version&gt; --name writer</code>
            </EmptyState>
          ) : (
            <ChatPlayground models={list.data.map((m) => m.id)} initial={props.initialEndpoint} />
          )
        }
      </AsyncContent>
    </div>
  );
}
