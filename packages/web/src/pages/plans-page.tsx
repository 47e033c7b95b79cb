import { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { CURRENCIES, formatMoney, toMinor } from '../business/money.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function PlanForm() {
  const t = useBusinessText();
  const [v, setV] = useState({ name: '', currency: 'CNY', fee: '0', price: '0', included: '0' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreatePlanInput) => client.plans.createPlan({ body }),
    [['plans']],
  );
  const submit = () => {
    const parsed = check(contract.CreatePlanSchema, {
      name: v.name,
      currency: v.currency,
      monthlyFeeMinor: toMinor(v.fee, v.currency),
      includedUnits: Number(v.included),
      tiers: [{ upTo: null, priceMinor: toMinor(v.price, v.currency) }],
    });
    // The form's price field stands for the schema's tiers.
    const mapped = parsed.ok
      ? {}
      : Object.fromEntries(
          Object.entries(parsed.errors).map(([k, code]) => [
            k === 'tiers' ? 'price' : k === 'monthlyFeeMinor' ? 'fee' : k,
            code,
          ]),
        );
    setErrors(mapped);
    if (parsed.ok)
      create.mutate(parsed.value, { onSuccess: () => setV((s) => ({ ...s, name: '' })) });
  };
  const input = (field: keyof typeof v, type = 'text') => (
    <input
      name={field}
      type={type}
      step="any"
      min="0"
      value={v[field]}
      onChange={(e) => setV({ ...v, [field]: e.target.value })}
    />
  );
  return (
    <FormPanel
      title={t('plans.create')}
      submit={t('common.create')}
      busy={create.isPending}
      error={create.error}
      testId="plan-form"
      onSubmit={submit}
    >
      <Field label={t('field.name')} name="name" errors={errors}>
        {input('name')}
      </Field>
      <Field label={t('field.currency')} name="currency" errors={errors}>
        <select
          name="currency"
          value={v.currency}
          onChange={(e) => setV({ ...v, currency: e.target.value })}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.monthlyFee')} name="fee" errors={errors}>
        {input('fee', 'number')}
      </Field>
      <Field label={t('field.pricePerCall')} name="price" errors={errors}>
        {input('price', 'number')}
      </Field>
      <Field label={t('field.includedUnits')} name="includedUnits" errors={errors}>
        {input('included', 'number')}
      </Field>
    </FormPanel>
  );
}

function ProductForm() {
  const t = useBusinessText();
  const plans = useApiQuery(['plans'], (client) => client.plans.listPlans());
  const endpoints = useApiQuery(['endpoints'], (client) => client.serving.listEndpoints());
  const [v, setV] = useState({ name: '', endpoint: '', plan: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreateProductInput) => client.plans.createProduct({ body }),
    [['products']],
  );
  const submit = () => {
    const parsed = check(contract.CreateProductSchema, v);
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      create.mutate(parsed.value, { onSuccess: () => setV((s) => ({ ...s, name: '' })) });
  };
  const none = plans.data?.length === 0 || endpoints.data?.length === 0;
  return (
    <FormPanel
      title={t('products.create')}
      submit={t('common.create')}
      busy={create.isPending}
      error={create.error}
      testId="product-form"
      onSubmit={submit}
    >
      <Field label={t('field.name')} name="name" errors={errors}>
        <input name="name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </Field>
      <Field label={t('field.endpoint')} name="endpoint" errors={errors}>
        <select
          name="endpoint"
          value={v.endpoint}
          onChange={(e) => setV({ ...v, endpoint: e.target.value })}
        >
          <option value="">{t('common.choose')}</option>
          {(endpoints.data ?? []).map((e) => (
            <option key={e.name} value={e.name}>
              {e.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.plan')} name="plan" errors={errors}>
        <select name="plan" value={v.plan} onChange={(e) => setV({ ...v, plan: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {(plans.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      {none ? <p className="muted">{t('products.needs')}</p> : null}
    </FormPanel>
  );
}

function PlansTable() {
  const t = useBusinessText();
  const { locale } = useI18n();
  const state = useApiQuery(['plans'], (client) => client.plans.listPlans());
  return (
    <section className="panel flush">
      <h2 className="panel-title">{t('plans.list')}</h2>
      <AsyncContent state={state}>
        {(plans) =>
          plans.length === 0 ? (
            <EmptyState>{t('plans.empty')}</EmptyState>
          ) : (
            <DataTable
              rows={plans}
              rowKey={(p) => p.id}
              testId="plans-table"
              label={t('plans.list')}
              columns={[
                {
                  id: 'name',
                  header: t('field.name'),
                  value: (p) => p.name,
                  cell: (p) => p.name,
                  cellClassName: 'strong',
                },
                {
                  id: 'fee',
                  header: t('field.monthlyFee'),
                  className: 'num',
                  value: (p) => p.monthlyFeeMinor,
                  text: (p) => formatMoney(p.monthlyFeeMinor, p.currency, locale),
                  cell: (p) => formatMoney(p.monthlyFeeMinor, p.currency, locale),
                },
                {
                  id: 'price',
                  header: t('plans.colPrice'),
                  className: 'num',
                  value: (p) => p.tiers[0]?.priceMinor ?? 0,
                  cell: (p) => formatMoney(p.tiers[0]?.priceMinor ?? 0, p.currency, locale),
                },
                {
                  id: 'included',
                  header: t('field.includedUnits'),
                  className: 'num',
                  value: (p) => p.includedUnits,
                  cell: (p) => p.includedUnits.toLocaleString(locale),
                },
              ]}
            />
          )
        }
      </AsyncContent>
    </section>
  );
}

function ProductsTable() {
  const t = useBusinessText();
  const state = useApiQuery(['products'], (client) => client.plans.listProducts());
  return (
    <section className="panel flush">
      <h2 className="panel-title">{t('products.title')}</h2>
      <AsyncContent state={state}>
        {(products) =>
          products.length === 0 ? (
            <EmptyState>{t('products.empty')}</EmptyState>
          ) : (
            <DataTable
              rows={products}
              rowKey={(p) => p.id}
              testId="products-table"
              label={t('products.title')}
              columns={[
                {
                  id: 'name',
                  header: t('field.name'),
                  value: (p) => p.name,
                  cell: (p) => p.name,
                  cellClassName: 'strong',
                },
                {
                  id: 'endpoint',
                  header: t('field.endpoint'),
                  value: (p) => p.endpoint,
                  cell: (p) => p.endpoint,
                },
                {
                  id: 'plan',
                  header: t('field.plan'),
                  value: (p) => p.plan.name,
                  cell: (p) => p.plan.name,
                },
              ]}
            />
          )
        }
      </AsyncContent>
    </section>
  );
}

/** Prices (plans) and what is sold under them (products: an endpoint and a plan). */
export function PlansPage() {
  const t = useBusinessText();
  const { role } = useSession();
  return (
    <div className="page" data-testid="page-plans">
      <PageHeader title={t('plans.title')} subtitle={t('plans.subtitle')} />
      {mayCall(role, 'plans.createPlan') ? <PlanForm /> : null}
      <PlansTable />
      {mayCall(role, 'plans.createProduct') && mayCall(role, 'serving.listEndpoints') ? (
        <ProductForm />
      ) : null}
      <ProductsTable />
    </div>
  );
}
