import { type Customer, contract } from '@qudao/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { isStaff } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useBusinessText } from './business.messages.ts';

const { CUSTOMER_SIZES, CreateCustomerSchema } = contract;

/** Creates a customer: staff choose its partner (or none), a partner's are always its own. */
export function CustomerForm() {
  const t = useBusinessText();
  const { role } = useSession();
  const staff = isStaff(role);
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners(), {
    enabled: staff,
  });
  const [values, setValues] = useState({
    name: '',
    partnerId: '',
    region: '',
    industry: '',
    size: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreateCustomerInput) => client.channels.createCustomer({ body }),
    [['customers'], ['overview']],
  );
  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const submit = () => {
    const parsed = check(CreateCustomerSchema, {
      name: values.name,
      partnerId: values.partnerId || null,
      region: values.region.trim() || null,
      industry: values.industry.trim() || null,
      size: values.size || null,
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      create.mutate(parsed.value, {
        onSuccess: () => setValues((v) => ({ ...v, name: '', region: '', industry: '' })),
      });
  };
  return (
    <FormPanel
      title={t('customers.create')}
      submit={t('common.create')}
      busy={create.isPending}
      error={create.error}
      testId="customer-form"
      onSubmit={submit}
    >
      <Field label={t('field.name')} name="name" errors={errors}>
        <input name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
      </Field>
      {staff ? (
        <Field label={t('field.partner')} name="partnerId" errors={errors}>
          <select
            name="partnerId"
            value={values.partnerId}
            onChange={(e) => set('partnerId')(e.target.value)}
          >
            <option value="">{t('common.none')}</option>
            {(partners.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field label={t('field.region')} name="region" errors={errors}>
        <input
          name="region"
          value={values.region}
          onChange={(e) => set('region')(e.target.value)}
        />
      </Field>
      <Field label={t('field.industry')} name="industry" errors={errors}>
        <input
          name="industry"
          value={values.industry}
          onChange={(e) => set('industry')(e.target.value)}
        />
      </Field>
      <Field label={t('field.size')} name="size" errors={errors}>
        <select name="size" value={values.size} onChange={(e) => set('size')(e.target.value)}>
          <option value="">{t('common.choose')}</option>
          {CUSTOMER_SIZES.map((s) => (
            <option key={s} value={s}>
              {t(`size.${s}`)}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}

function CustomersTable(props: { customers: Customer[]; linkBase: string }) {
  const t = useBusinessText();
  const columns: Column<Customer>[] = [
    {
      id: 'name',
      header: t('field.name'),
      value: (c) => c.name,
      cell: (c) => c.name,
      cellClassName: 'strong',
    },
    {
      id: 'partner',
      header: t('field.partner'),
      value: (c) => c.partnerName,
      cell: (c) => c.partnerName ?? t('common.none'),
    },
    {
      id: 'region',
      header: t('field.region'),
      value: (c) => c.region,
      cell: (c) => c.region ?? '–',
    },
    {
      id: 'industry',
      header: t('field.industry'),
      value: (c) => c.industry,
      cell: (c) => c.industry ?? '–',
    },
    {
      id: 'size',
      header: t('field.size'),
      value: (c) => (c.size ? CUSTOMER_SIZES.indexOf(c.size) : null),
      text: (c) => (c.size ? t(`size.${c.size}`) : ''),
      cell: (c) => (c.size ? t(`size.${c.size}`) : '–'),
    },
    {
      id: 'keys',
      header: t('keys.title'),
      cell: (c) => (
        <Link
          to={`${props.linkBase}/${encodeURIComponent(c.id)}`}
          aria-label={`${t('keys.title')}: ${c.name}`}
        >
          {t('customers.open')}
        </Link>
      ),
    },
  ];
  return (
    <DataTable
      rows={props.customers}
      columns={columns}
      rowKey={(c) => c.id}
      testId="customers-table"
      label={t('customers.title')}
      rowProps={(c) => ({ 'data-customer': c.name })}
    />
  );
}

/** The customers the caller may see (a partner: its own), each linking to its keys. */
export function CustomersList(props: { linkBase: string }) {
  const t = useBusinessText();
  const state = useApiQuery(['customers'], (client) => client.channels.listCustomers());
  return (
    <section className="panel flush">
      <h2 className="panel-title">{t('customers.title')}</h2>
      <AsyncContent state={state}>
        {(customers) =>
          customers.length === 0 ? (
            <EmptyState>{t('customers.empty')}</EmptyState>
          ) : (
            <CustomersTable customers={customers} linkBase={props.linkBase} />
          )
        }
      </AsyncContent>
    </section>
  );
}
