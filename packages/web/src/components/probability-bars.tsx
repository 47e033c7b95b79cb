import type { Prediction } from '@qudao/client';
import { useFormat } from '../i18n/format.ts';

/** One bar a class, in the order given (the model's class order); the predicted class is highlighted. */
export function ProbabilityBars(props: {
  prediction: Pick<Prediction, 'label' | 'probabilities'>;
  label: string;
  testId?: string;
}) {
  const f = useFormat();
  const { prediction } = props;
  return (
    <ul
      className="prob-bars"
      aria-label={props.label}
      data-testid={props.testId ?? 'playground-probabilities'}
    >
      {(prediction.probabilities ?? []).map((p) => (
        <li
          key={p.label}
          className={p.label === prediction.label ? 'prob-row top' : 'prob-row'}
          data-label={p.label}
        >
          <span className="prob-label">{p.label}</span>
          <span className="prob-track">
            <span
              className="prob-fill"
              style={{ width: `${Math.max(0, Math.min(1, p.probability)) * 100}%` }}
            />
          </span>
          <span className="prob-value">{f.percent(p.probability, 1)}</span>
        </li>
      ))}
    </ul>
  );
}
