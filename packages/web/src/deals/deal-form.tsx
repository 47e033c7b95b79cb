import { contract } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation } from '../app/query.ts';
import { toMinor } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';

/**
 * A new deal: the owner's direct lead (`source: 'direct'`) or a partner's registration (the
 * server takes the source from the partner's token). Checked with the server's own schema.
 */
export function DealForm(props: {
  title: string;
  submit: string;
  testId: string;
  source?: 'direct';
  /** The currencies offered, the first one chosen. */
  currencies: readonly string[];
}) {
  const t = usePortalText();
  const [v, setV] = useState({ company: '', value: '0', currency: props.currencies[0]! });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreateDealInput) => client.deals.create({ body }),
    [['deals']],
  );
  const submit = () => {
    const parsed = check(contract.CreateDealSchema, {
      company: v.company,
      ...(props.source && { source: props.source }),
      valueMinor: toMinor(v.value, v.currency),
      currency: v.currency,
    });
    setErrors(
      parsed.ok
        ? {}
        : Object.fromEntries(
            Object.entries(parsed.errors).map(([k, c]) => [k === 'valueMinor' ? 'value' : k, c]),
          ),
    );
    if (parsed.ok)
      create.mutate(parsed.value, { onSuccess: () => setV((s) => ({ ...s, company: '' })) });
  };
  return (
    <FormPanel
      title={props.title}
      submit={props.submit}
      busy={create.isPending}
      error={create.error}
      testId={props.testId}
      onSubmit={submit}
    >
      <Field label={t('deals.company')} name="company" errors={errors}>
        <input
          name="company"
          value={v.company}
          onChange={(e) => setV({ ...v, company: e.target.value })}
        />
      </Field>
      <Field label={t('deals.value')} name="value" errors={errors}>
        <input
          name="value"
          type="number"
          min="0"
          step="any"
          value={v.value}
          onChange={(e) => setV({ ...v, value: e.target.value })}
        />
      </Field>
      <Field label={t('deals.currency')} name="currency" errors={errors}>
        <select
          name="currency"
          value={v.currency}
          onChange={(e) => setV({ ...v, currency: e.target.value })}
        >
          {props.currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}
