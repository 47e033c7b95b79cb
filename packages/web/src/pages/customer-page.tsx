import { useApiQuery } from '../app/query.ts';
import { useBusinessText } from '../business/business.messages.ts';
import { KeysSection } from '../business/keys-section.tsx';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';

/** One customer (for staff, or for the partner that sold to it): its API keys. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const t = useBusinessText();
  const state = useApiQuery(['customer', customerId], (client) =>
    client.channels.getCustomer({ params: { customerId } }),
  );
  return (
    <div className="page" data-testid="page-customer">
      <AsyncContent state={state}>
        {(customer) => (
          <>
            <PageHeader
              title={t('customer.title', { name: customer.name })}
              subtitle={t('customer.subtitle')}
            />
            <KeysSection customerId={customer.id} />
          </>
        )}
      </AsyncContent>
    </div>
  );
}
