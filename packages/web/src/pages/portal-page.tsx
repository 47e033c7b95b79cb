import type { CommissionStatement } from '@qudao/client';
import { useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { CustomerForm, CustomersList } from '../business/customers-section.tsx';
import { saveText } from '../business/download.ts';
import { formatMoney } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { UsageTable } from '../business/usage-table.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

function Statements({ statements }: { statements: CommissionStatement[] }) {
  const t = usePortalText();
  const f = useFormat();
  const { locale } = useI18n();
  const client = useClient();
  const download = async (s: CommissionStatement) =>
    saveText(
      await client.billing.statementCsv({ params: { statementId: s.id } }),
      `commission-${s.id}.csv`,
    );
  return (
    <TableWrap>
      <table className="data-table" data-testid="portal-statements">
        <thead>
          <tr>
            <th>{t('col.closed')}</th>
            <th className="num">{t('col.lines')}</th>
            <th className="num">{t('col.total')}</th>
            <th>{t('col.csv')}</th>
          </tr>
        </thead>
        <tbody>
          {statements.map((s) => (
            <tr key={s.id}>
              <td className="nowrap">{f.dateTime(s.createdAt)}</td>
              <td className="num">{f.integer(s.lines.length)}</td>
              <td className="num strong">{formatMoney(s.totalMinor, s.currency, locale)}</td>
              <td>
                <button type="button" className="button small" onClick={() => void download(s)}>
                  {t('download')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The partner's home: its customers (create, open their keys), their usage, its commissions. */
export function PortalPage() {
  const t = usePortalText();
  const statements = useApiQuery(['statements'], (client) => client.billing.listStatements());
  return (
    <div className="page" data-testid="page-portal">
      <PageHeader title={t('portal.title')} subtitle={t('portal.subtitle')} />
      <CustomerForm />
      <CustomersList linkBase="/portal/customers" />
      <UsageTable
        by="customer"
        title={t('portal.usage')}
        groupLabel={t('col.customer')}
        empty={t('portal.usageEmpty')}
      />
      <section className="panel flush">
        <h2 className="panel-title">{t('portal.statements')}</h2>
        <AsyncContent state={statements}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t('portal.statementsEmpty')}</EmptyState>
            ) : (
              <Statements statements={list} />
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}
