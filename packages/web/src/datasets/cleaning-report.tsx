import type { contract } from '@qudao/client';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { type DatasetsKey, useDatasetsText } from './datasets.messages.ts';

type Report = contract.CleaningReportView;

const RULES = [
  'missing_fields',
  'unparsable',
  'out_of_range',
  'duplicates',
  'near_duplicates',
  'conflicting_labels',
  'unreadable',
  'trim_whitespace',
];

/** A row as the file had it: an object's fields, a list's cells, else its text. */
function recordText(record: unknown): string {
  if (record === null || record === undefined) return '';
  if (typeof record === 'string') return record;
  return JSON.stringify(record);
}

/** What cleaning did to an import: per rule what it dropped and fixed, and the dropped rows. */
export function CleaningReport({ report }: { report: Report | null }) {
  const t = useDatasetsText();
  const f = useFormat();
  if (!report) {
    return (
      <section className="panel" data-testid="cleaning-report">
        <h2>{t('report.title')}</h2>
        <p className="muted">{t('report.none')}</p>
      </section>
    );
  }
  const ruleName = (rule: string) =>
    RULES.includes(rule) ? t(`rule.${rule}` as DatasetsKey) : rule;
  const rules = [...new Set([...Object.keys(report.rules), ...Object.keys(report.byRule)])];
  const examples = Object.values(report.byRule).flatMap((r) => r.examples);
  return (
    <section className="panel" data-testid="cleaning-report">
      <h2>{t('report.title')}</h2>
      <p data-testid="report-summary">
        {t('report.summary', {
          input: f.integer(report.inputRows),
          kept: f.integer(report.keptRows),
          dropped: f.integer(report.droppedRows),
        })}
      </p>
      <TableWrap>
        <table className="data-table compact" data-testid="report-rules">
          <thead>
            <tr>
              <th>{t('report.rule')}</th>
              <th className="num">{t('report.dropped')}</th>
              <th className="num">{t('report.fixed')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => {
              const counts = report.byRule[rule];
              const on = report.rules[rule] !== false;
              return (
                <tr key={rule} data-rule={rule}>
                  <td>{ruleName(rule)}</td>
                  <td className="num">{on ? f.integer(counts?.dropped ?? 0) : t('report.off')}</td>
                  <td className="num">{on ? f.integer(counts?.fixed ?? 0) : t('report.off')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <h3>{t('report.examples')}</h3>
      {examples.length === 0 ? (
        <p className="muted">{t('report.noDropped')}</p>
      ) : (
        <TableWrap>
          <table className="data-table compact" data-testid="dropped-rows">
            <thead>
              <tr>
                <th>{t('report.rule')}</th>
                <th>{t('report.where')}</th>
                <th>{t('report.reason')}</th>
                <th>{t('report.record')}</th>
              </tr>
            </thead>
            <tbody>
              {examples.map((row) => (
                <tr key={`${row.rule}:${row.source}:${row.line}`} data-dropped={row.rule}>
                  <td>{ruleName(row.rule)}</td>
                  <td className="nowrap">
                    <code>
                      {row.source}:{row.line}
                    </code>
                  </td>
                  <td>{row.reason}</td>
                  <td className="row-text">
                    <code>{recordText(row.record)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
