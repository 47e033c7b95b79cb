import { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { CURRENCIES, minorDigits, toMinor } from '../business/money.ts';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { usePayoutsText } from './payouts.messages.ts';

/** A currency's name in the console's language ("US dollar", "美元"): its code is not a word. */
export function currencyName(currency: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' }).of(currency) ?? currency;
  } catch {
    return currency;
  }
}

const major = (minor: number | undefined, currency: string) =>
  minor === undefined ? '' : String(minor / 10 ** minorDigits(currency));

/** The holding period and each currency's minimum payout; read-only for analysts. */
export function PayoutSettings({ settings }: { settings: contract.BillingSettings }) {
  const t = usePayoutsText();
  const { locale } = useI18n();
  const { role } = useSession();
  const [holding, setHolding] = useState(String(settings.holdingDays));
  const currencies = [
    ...new Set([...CURRENCIES, ...Object.keys(settings.minimumPayouts)]),
  ] as string[];
  const [minimums, setMinimums] = useState<Record<string, string>>(() =>
    Object.fromEntries(currencies.map((c) => [c, major(settings.minimumPayouts[c], c)])),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useApiMutation(
    (client, body: contract.BillingSettings) => client.payouts.setSettings({ body }),
    [['payout-settings']],
  );
  const editable = mayCall(role, 'payouts.setSettings');
  const submit = () => {
    const minimumPayouts: Record<string, number> = {};
    for (const c of currencies) {
      if (minimums[c]?.trim()) minimumPayouts[c] = toMinor(minimums[c] ?? '', c);
    }
    const parsed = check(contract.BillingSettingsSchema, {
      holdingDays: holding.trim() === '' ? Number.NaN : Number(holding),
      minimumPayouts,
    });
    if (!parsed.ok) {
      const bad = Object.entries(minimumPayouts).find(([, v]) => !Number.isInteger(v) || v < 0);
      setErrors({ ...parsed.errors, ...(bad ? { [`min-${bad[0]}`]: 'invalid' } : {}) });
      return;
    }
    setErrors({});
    save.mutate(parsed.value);
  };
  return (
    <FormPanel
      title={t('settings.title')}
      submit={t('settings.save')}
      busy={save.isPending || !editable}
      error={save.error}
      testId="payout-settings"
      onSubmit={submit}
    >
      <Field
        label={t('settings.holdingDays')}
        name="holdingDays"
        errors={errors}
        hint={t('settings.holdingHint')}
      >
        <input
          name="holdingDays"
          type="number"
          min="0"
          max="365"
          step="1"
          readOnly={!editable}
          value={holding}
          onChange={(e) => setHolding(e.target.value)}
        />
      </Field>
      {currencies.map((c) => (
        <Field
          key={c}
          label={t('settings.minimum', { currency: currencyName(c, locale) })}
          name={`min-${c}`}
          errors={errors}
          hint={t('settings.minimumHint')}
        >
          <input
            name={`min-${c}`}
            type="number"
            min="0"
            step="any"
            readOnly={!editable}
            value={minimums[c] ?? ''}
            onChange={(e) => setMinimums({ ...minimums, [c]: e.target.value })}
          />
        </Field>
      ))}
      {!editable ? <p className="muted">{t('settings.readOnly')}</p> : null}
      {save.isSuccess && !save.isPending ? (
        <p className="muted" role="status" data-testid="settings-saved">
          {t('settings.saved')}
        </p>
      ) : null}
    </FormPanel>
  );
}
