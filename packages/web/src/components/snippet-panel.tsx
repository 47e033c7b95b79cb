import { useState } from 'react';
import type { SnippetLanguage } from '../llm/snippets.ts';
import { SegmentedControl } from './segmented-control.tsx';

/** Its words, in the language of the page that shows it. */
export interface SnippetPanelText {
  title: string;
  hint: string;
  language: string;
  copy: string;
  copied: string;
  copyFailed: string;
}

/**
 * The request a playground just made as code in curl, Python or JavaScript, with a copy button;
 * the key is always the `QUDAO_API_KEY` placeholder, never a credential of the session.
 */
export function SnippetPanel(props: {
  text: SnippetPanelText;
  render: (language: SnippetLanguage) => string;
}) {
  const { text } = props;
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const [copied, setCopied] = useState<string | null>(null);
  const code = props.render(language);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(text.copied);
    } catch {
      setCopied(text.copyFailed);
    }
  };
  return (
    <section className="panel" data-testid="snippets">
      <div className="snippet-head">
        <h2>{text.title}</h2>
        <div className="button-row">
          <SegmentedControl
            label={text.language}
            value={language}
            onChange={(l) => {
              setLanguage(l);
              setCopied(null);
            }}
            options={[
              { value: 'curl', label: 'curl' },
              { value: 'python', label: 'Python' },
              { value: 'javascript', label: 'JavaScript' },
            ]}
          />
          <button type="button" className="button small" data-testid="snippet-copy" onClick={copy}>
            {text.copy}
          </button>
        </div>
      </div>
      <p className="muted small">
        {text.hint} <code>QUDAO_API_KEY</code>
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be keyboard-reachable (axe scrollable-region-focusable). */}
      <pre className="snippet" data-testid="snippet" data-language={language} tabIndex={0}>
        <code>{code}</code>
      </pre>
      {copied ? (
        <p className="muted small" role="status">
          {copied}
        </p>
      ) : null}
    </section>
  );
}
