import type { Invoice } from '@qudao/client';
import { useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { saveText } from '../business/download.ts';
import { KeysSection } from '../business/keys-section.tsx';
import { formatMoney } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { UsageTable } from '../business/usage-table.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

function Invoices({ invoices }: { invoices: Invoice[] }) {
  const t = usePortalText();
  const f = useFormat();
  const { locale } = useI18n();
  const client = useClient();
  const download = async (invoice: Invoice) =>
    saveText(
      await client.billing.invoiceCsv({ params: { invoiceId: invoice.id } }),
      `invoice-${invoice.id}.csv`,
    );
  return (
    <TableWrap>
      <table className="data-table" data-testid="account-invoices">
        <thead>
          <tr>
            <th>{t('col.closed')}</th>
            <th className="num">{t('col.lines')}</th>
            <th className="num">{t('col.total')}</th>
            <th>{t('col.csv')}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id}>
              <td className="nowrap">{f.dateTime(i.createdAt)}</td>
              <td className="num">{f.integer(i.lines.length)}</td>
              <td className="num strong">{formatMoney(i.totalMinor, i.currency, locale)}</td>
              <td>
                <button type="button" className="button small" onClick={() => void download(i)}>
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

/** A customer signed in with its API key: its keys, its usage by product, its invoices. */
export function AccountPage() {
  const t = usePortalText();
  const { principal } = useSession();
  const invoices = useApiQuery(['invoices'], (client) => client.billing.listInvoices());
  const customerId = principal.kind === 'customer' ? principal.customerId : '';
  return (
    <div className="page" data-testid="page-account">
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <KeysSection customerId={customerId} />
      <UsageTable
        by="product"
        title={t('account.usage')}
        groupLabel={t('col.product')}
        empty={t('account.usageEmpty')}
      />
      <section className="panel flush">
        <h2 className="panel-title">{t('account.invoices')}</h2>
        <AsyncContent state={invoices}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t('account.invoicesEmpty')}</EmptyState>
            ) : (
              <Invoices invoices={list} />
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}
