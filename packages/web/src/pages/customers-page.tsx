import { mayCall } from '../app/access.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { CustomerForm, CustomersList } from '../business/customers-section.tsx';
import { PageHeader } from '../components/page-header.tsx';

/** The owner's customers: create one (direct or for a partner), open its keys. */
export function CustomersPage() {
  const t = useBusinessText();
  const { role } = useSession();
  return (
    <div className="page" data-testid="page-customers">
      <PageHeader title={t('customers.title')} subtitle={t('customers.subtitle')} />
      {mayCall(role, 'channels.createCustomer') ? <CustomerForm /> : null}
      <CustomersList linkBase="/customers" />
    </div>
  );
}
