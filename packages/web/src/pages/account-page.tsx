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
import { DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
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
    <DataTable
      rows={invoices}
      rowKey={(i) => i.id}
      testId="account-invoices"
      label={t('account.invoices')}
      columns={[
        {
          id: 'closed',
          header: t('col.closed'),
          value: (i) => i.createdAt,
          text: (i) => f.dateTime(i.createdAt),
          cell: (i) => f.dateTime(i.createdAt),
          cellClassName: 'nowrap',
        },
        {
          id: 'lines',
          header: t('col.lines'),
          className: 'num',
          value: (i) => i.lines.length,
          cell: (i) => f.integer(i.lines.length),
        },
        {
          id: 'total',
          header: t('col.total'),
          className: 'num',
          value: (i) => i.totalMinor,
          text: (i) => formatMoney(i.totalMinor, i.currency, locale),
          cell: (i) => formatMoney(i.totalMinor, i.currency, locale),
          cellClassName: 'strong',
        },
        {
          id: 'csv',
          header: t('col.csv'),
          cell: (i) => (
            <button type="button" className="button small" onClick={() => void download(i)}>
              {t('download')}
            </button>
          ),
        },
      ]}
    />
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
