import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * confusionMatrix[actual][predicted] as a table whose cells darken with their share of the row;
 * the class names are data (`data-value`), not the console's words.
 */
export function ConfusionMatrix(props: { matrix: number[][]; classes: string[] }) {
  const { t } = useI18n();
  return (
    <TableWrap>
      <table className="data-table confusion-matrix" data-testid="confusion-matrix">
        <caption className="muted">{t('runs.confusionCaption')}</caption>
        <thead>
          <tr>
            <th />
            {props.classes.map((c) => (
              <th key={c} className="num" data-value>
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
                <th data-value>{props.classes[i]}</th>
                {row.map((count, j) => (
                  <td
                    key={props.classes[j] ?? j}
                    className="num"
                    style={{
                      // Capped so the dark text keeps a 4.5:1 contrast on the darkest cell.
                      background: `rgba(29, 78, 216, ${(0.06 + (0.5 * count) / total).toFixed(3)})`,
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
    </TableWrap>
  );
}
