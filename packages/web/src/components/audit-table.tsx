import type { ReactNode } from 'react';
import { useFormat } from '../i18n/format.ts';
import { TableWrap } from './table-wrap.tsx';

/** An event's details as `key=value · …` (objects as JSON), empty values left out. */
export function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export interface AuditRow {
  key: string | number;
  at: string;
  action: string;
  detail: unknown;
}

/**
 * An audit trail as the endpoint and registry pages show it: when, what (in words), who and the
 * details, in the order given (callers pass newest first).
 */
export function AuditTable<R extends AuditRow>(props: {
  rows: R[];
  testId: string;
  headers: { when: string; action: string; who: string; detail: string };
  action: (action: string) => ReactNode;
  who: (row: R) => ReactNode;
}) {
  const f = useFormat();
  const { headers } = props;
  return (
    <TableWrap>
      <table className="data-table compact" data-testid={props.testId}>
        <thead>
          <tr>
            <th>{headers.when}</th>
            <th>{headers.action}</th>
            <th>{headers.who}</th>
            <th>{headers.detail}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key} data-action={row.action}>
              <td className="nowrap">{f.dateTime(row.at)}</td>
              <td className="strong">{props.action(row.action)}</td>
              <td>{props.who(row)}</td>
              <td>
                <code className="detail-code">{detailText(row.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
