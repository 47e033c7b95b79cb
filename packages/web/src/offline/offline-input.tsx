import type { ModelVersion } from '@qudao/client';
import type { ImagePreparation } from '@qudao/ml/browser';
import { useRef } from 'react';
import { useApiQuery } from '../app/query.ts';
import { clearCanvas, DrawingCanvas, readDrawing } from '../components/drawing-canvas.tsx';
import { PixelImage } from '../components/pixel-image.tsx';
import { useOfflineText } from './offline.messages.ts';

/** What both sides predict: a JSON image as serving takes it, and its pixels for the preview. */
export interface OfflineInput {
  image: number[][] | number[];
  pixels: number[];
  /** The data set row it came from; null for a drawing. */
  row: number | null;
}

const SAMPLES = 8;

/** Whether the canvas's 28x28 gray digits (the playground's preprocessing) fit this version. */
export function takesDrawings(prep: ImagePreparation): boolean {
  return prep.height === 28 && prep.width === 28 && prep.channels === 1;
}

/** A few image rows of the version's own data set (test rows first) that fit its input. */
function Samples(props: {
  version: ModelVersion;
  prep: ImagePreparation;
  selected: number | null;
  disabled: boolean;
  onPick: (input: OfflineInput) => void;
}) {
  const t = useOfflineText();
  const { version, prep } = props;
  const external = version.datasetVersionId.startsWith('external:');
  const rows = useApiQuery(
    ['offline-samples', version.dataset, version.datasetVersion],
    (client) =>
      client.data.rows({
        params: { name: version.dataset, version: version.datasetVersion },
        query: { offset: 0, limit: 3 * SAMPLES },
      }),
    { enabled: !external },
  );
  const fitting = (rows.data?.rows ?? []).filter(
    (r) =>
      r.content.kind === 'image' &&
      r.content.shape.join('x') === `${prep.height}x${prep.width}x${prep.channels}`,
  );
  const samples = [
    ...fitting.filter((r) => r.split === 'test'),
    ...fitting.filter((r) => r.split !== 'test'),
  ].slice(0, SAMPLES);
  if (rows.loading && !external) return null;
  if (samples.length === 0) return <p className="muted small">{t('samples.none')}</p>;
  return (
    <div className="offline-samples">
      <p className="field-label">
        {t('samples.title')} <code>{version.dataset}</code>
      </p>
      <div className="offline-sample-list" data-testid="offline-samples">
        {samples.map((r) => {
          const pixels = r.content.kind === 'image' ? r.content.pixels : [];
          const label = t('samples.pick', { row: r.row + 1, label: r.label });
          return (
            <button
              key={r.row}
              type="button"
              className="offline-sample"
              aria-label={label}
              aria-pressed={props.selected === r.row}
              data-row={r.row}
              data-label={r.label ?? ''}
              disabled={props.disabled}
              onClick={() => props.onPick({ image: pixels, pixels, row: r.row })}
            >
              <PixelImage
                height={prep.height}
                width={prep.width}
                channels={prep.channels}
                pixels={pixels}
                label={label}
              />
              <span data-value>{r.label ?? '–'}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** The drawing canvas (for versions that read 28x28 gray digits), the samples and the preview. */
export function InputPanels(props: {
  version: ModelVersion;
  prep: ImagePreparation;
  input: OfflineInput | null;
  busy: boolean;
  ready: boolean;
  onInput: (input: OfflineInput | null) => void;
  onPredict: (input: OfflineInput | null) => void;
}) {
  const t = useOfflineText();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { prep, input } = props;
  const drawable = takesDrawings(prep);
  const drawn = () => {
    const rows = readDrawing(canvasRef.current);
    return rows ? { image: rows, pixels: rows.flat(), row: null } : null;
  };
  const clear = () => {
    if (canvasRef.current) clearCanvas(canvasRef.current);
    props.onInput(null);
  };
  const pick = (sample: OfflineInput) => {
    if (canvasRef.current) clearCanvas(canvasRef.current);
    props.onInput(sample);
    props.onPredict(sample);
  };
  return (
    <>
      <section className="panel draw-panel offline-input">
        <h2>{t('input.title')}</h2>
        {drawable ? (
          <>
            <DrawingCanvas
              canvasRef={canvasRef}
              label={t('input.canvas')}
              onStrokeEnd={() => props.onInput(drawn())}
            />
            <p className="muted small">{t('input.drawHint')}</p>
            <div className="button-row">
              <button
                type="button"
                className="button primary"
                data-testid="offline-predict"
                disabled={props.busy || !props.ready}
                onClick={() => props.onPredict(input && input.row !== null ? input : drawn())}
              >
                {props.busy ? t('input.predicting') : t('input.predict')}
              </button>
              <button type="button" className="button" onClick={clear}>
                {t('input.clear')}
              </button>
            </div>
          </>
        ) : (
          <p className="muted small">
            {t('input.noDrawing', {
              height: prep.height,
              width: prep.width,
              channels: prep.channels,
            })}
          </p>
        )}
        <Samples
          version={props.version}
          prep={prep}
          selected={input?.row ?? null}
          disabled={props.busy || !props.ready}
          onPick={pick}
        />
      </section>
      <section className="panel preview-panel">
        <h2>{t('input.preview', { height: prep.height, width: prep.width })}</h2>
        <PixelImage
          height={prep.height}
          width={prep.width}
          channels={prep.channels}
          pixels={input?.pixels ?? []}
          label={t('input.preview', { height: prep.height, width: prep.width })}
          className="digit-preview"
          testId="offline-preview"
        />
        <p className="muted small">{t('input.previewHint')}</p>
      </section>
    </>
  );
}
