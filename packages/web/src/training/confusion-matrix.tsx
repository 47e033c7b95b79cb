import { useI18n } from '../i18n/i18n.tsx';

/** confusionMatrix[actual][predicted] as a table whose cells darken with their share of the row. */
export function ConfusionMatrix(props: { matrix: number[][]; classes: string[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="data-table confusion-matrix" data-testid="confusion-matrix">
        <caption className="muted">{t('runs.confusionCaption')}</caption>
        <thead>
          <tr>
            <th />
            {props.classes.map((c) => (
              <th key={c} className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={props.classes[i] ?? i}>
                <th>{props.classes[i]}</th>
                {row.map((count, j) => (
                  <td
                    key={props.classes[j] ?? j}
                    className="num"
                    style={{
                      background: `rgba(29, 78, 216, ${(0.08 + (0.7 * count) / total).toFixed(3)})`,
                      color: count / total > 0.5 ? 'white' : undefined,
                    }}
                  >
                    {count}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
