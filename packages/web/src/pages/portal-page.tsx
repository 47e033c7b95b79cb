import { useApi } from '../app/api-context.tsx';
import { money, useChannelsText } from '../channels/messages.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';

/** The partner portal: a partner token sees its own customers, deals and commissions only. */
export function PortalPage() {
  const t = useChannelsText();
  const state = useApi(async (client) => ({
    customers: await client.channels.listCustomers(),
    deals: await client.deals.list(),
    statements: await client.billing.listStatements(),
  }));
  return (
    <div className="page" data-testid="page-portal">
      <PageHeader title={t('portal.title')} subtitle={t('portal.subtitle')} />
      <AsyncContent state={state}>
        {({ customers, deals, statements }) => (
          <>
            <section className="panel flush">
              <h2>{t('portal.customers')}</h2>
              {customers.length === 0 ? (
                <EmptyState>{t('portal.empty')}</EmptyState>
              ) : (
                <table className="data-table" data-testid="portal-customers">
                  <tbody>
                    {customers.map((c) => (
                      <tr key={c.id}>
                        <td className="strong">{c.name}</td>
                        <td>
                          <code>{c.id}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="panel flush">
              <h2>{t('portal.deals')}</h2>
              {deals.length === 0 ? (
                <EmptyState>{t('portal.empty')}</EmptyState>
              ) : (
                <table className="data-table" data-testid="portal-deals">
                  <tbody>
                    {deals.map((d) => (
                      <tr key={d.id}>
                        <td className="strong">{d.company}</td>
                        <td>{d.stage}</td>
                        <td>{d.registration}</td>
                        <td className="num">{money(d.valueMinor, d.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="panel flush">
              <h2>{t('portal.statements')}</h2>
              {statements.length === 0 ? (
                <EmptyState>{t('portal.empty')}</EmptyState>
              ) : (
                <table className="data-table" data-testid="portal-statements">
                  <tbody>
                    {statements.map((s) => (
                      <tr key={s.id}>
                        <td>
                          <code>{s.periodId}</code>
                        </td>
                        <td className="num">{money(s.totalMinor, s.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </AsyncContent>
    </div>
  );
}
