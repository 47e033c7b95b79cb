import type { RunEpoch } from '@qudao/client';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { curvesOf, scaleCurves } from './curves.ts';

const COLORS = { loss: '#c2410c', valLoss: '#f59e0b', accuracy: '#1d4ed8', valAccuracy: '#60a5fa' };

/** Loss and accuracy per epoch as lines (training solid, validation dashed). */
export function TrainingChart(props: { epochs: RunEpoch[] }) {
  const { t } = useI18n();
  const width = 520;
  const height = 220;
  const curves = curvesOf(props.epochs);
  if (curves.length === 0) return <p className="muted">{t('runs.noEpochs')}</p>;
  const { lines, yRange, xRange } = scaleCurves(curves, width, height);
  return (
    <figure className="training-chart" data-testid="training-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
        role="img"
        aria-label={t('runs.chart')}
      >
        <line x1="24" y1={height - 24} x2={width - 24} y2={height - 24} stroke="#cbd5e1" />
        <text x="4" y="20" fontSize="11" fill="#64748b">
          {yRange[1].toFixed(2)}
        </text>
        <text x="4" y={height - 28} fontSize="11" fill="#64748b">
          {yRange[0].toFixed(2)}
        </text>
        <text x={width - 60} y={height - 6} fontSize="11" fill="#64748b">
          {t('runs.epoch')} {xRange[1]}
        </text>
        {lines.map((line) => (
          <path
            key={line.key}
            d={line.path}
            fill="none"
            stroke={COLORS[line.key]}
            strokeWidth="2"
            strokeDasharray={line.key.startsWith('val') ? '5 4' : undefined}
          />
        ))}
      </svg>
      <figcaption className="chart-legend">
        {lines.map((line) => (
          <span key={line.key} style={{ color: COLORS[line.key], marginRight: '1em' }}>
            ■ {t(`runs.curve.${line.key}` as MessageKey)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
