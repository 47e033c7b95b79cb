import { contract, type Partner } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel, words } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';

const { PARTNER_TIERS, CHANNELS, CreatePartnerSchema } = contract;

function PartnerForm() {
  const t = useBusinessText();
  const [values, setValues] = useState({
    name: '',
    tier: 'registered',
    channel: 'reseller',
    regions: '',
    industries: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreatePartnerInput) => client.channels.createPartner({ body }),
    [['partners'], ['overview']],
  );
  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const submit = () => {
    const parsed = check(CreatePartnerSchema, {
      ...values,
      regions: words(values.regions),
      industries: words(values.industries),
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      create.mutate(parsed.value, {
        onSuccess: () => setValues((v) => ({ ...v, name: '', regions: '', industries: '' })),
      });
  };
  return (
    <FormPanel
      title={t('partners.create')}
      submit={t('common.create')}
      busy={create.isPending}
      error={create.error}
      testId="partner-form"
      onSubmit={submit}
    >
      <Field label={t('field.name')} name="name" errors={errors}>
        <input name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
      </Field>
      <Field label={t('field.tier')} name="tier" errors={errors}>
        <select name="tier" value={values.tier} onChange={(e) => set('tier')(e.target.value)}>
          {PARTNER_TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {t(`tier.${tier}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.channel')} name="channel" errors={errors}>
        <select
          name="channel"
          value={values.channel}
          onChange={(e) => set('channel')(e.target.value)}
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.regions')} name="regions" errors={errors} hint={t('field.wordsHint')}>
        <input
          name="regions"
          value={values.regions}
          onChange={(e) => set('regions')(e.target.value)}
        />
      </Field>
      <Field
        label={t('field.industries')}
        name="industries"
        errors={errors}
        hint={t('field.wordsHint')}
      >
        <input
          name="industries"
          value={values.industries}
          onChange={(e) => set('industries')(e.target.value)}
        />
      </Field>
    </FormPanel>
  );
}

/** Issues the partner's sign-in token (a partner access token), shown once. */
function InviteButton({ partner }: { partner: Partner }) {
  const t = useBusinessText();
  const [created, setCreated] = useState<contract.CreatedAccessTokenView | null>(null);
  const invite = useApiMutation((client, _: undefined) =>
    client.auth.createToken({
      body: { role: 'partner', name: partner.name, partnerId: partner.id },
    }),
  );
  if (created)
    return (
      <div className="secret-once" data-testid="partner-token">
        <span>{t('partners.inviteOnce')}</span> <code>{created.token}</code>
      </div>
    );
  return (
    <>
      <button
        type="button"
        className="button small"
        aria-label={t('partners.inviteTitle', { name: partner.name })}
        disabled={invite.isPending}
        onClick={() => invite.mutate(undefined, { onSuccess: setCreated })}
      >
        {t('partners.invite')}
      </button>
      {invite.error ? <ErrorBox error={invite.error} /> : null}
    </>
  );
}

function PartnersTable({ partners }: { partners: Partner[] }) {
  const t = useBusinessText();
  const { role } = useSession();
  const mayInvite = mayCall(role, 'auth.createToken');
  const columns: Column<Partner>[] = [
    {
      id: 'name',
      header: t('field.name'),
      value: (p) => p.name,
      cell: (p) => p.name,
      cellClassName: 'strong',
    },
    {
      id: 'tier',
      header: t('field.tier'),
      value: (p) => PARTNER_TIERS.indexOf(p.tier),
      text: (p) => t(`tier.${p.tier}`),
      cell: (p) => t(`tier.${p.tier}`),
    },
    {
      id: 'channel',
      header: t('field.channel'),
      value: (p) => t(`channel.${p.channel}`),
      cell: (p) => t(`channel.${p.channel}`),
    },
    {
      id: 'regions',
      header: t('field.regions'),
      value: (p) => p.regions.join(', '),
      cell: (p) => p.regions.join(', '),
    },
    {
      id: 'industries',
      header: t('field.industries'),
      value: (p) => p.industries.join(', '),
      cell: (p) => p.industries.join(', '),
    },
  ];
  if (mayInvite)
    columns.push({
      id: 'invite',
      header: t('partners.invite'),
      cell: (p) => <InviteButton partner={p} />,
    });
  return (
    <DataTable
      rows={partners}
      columns={columns}
      rowKey={(p) => p.id}
      testId="partners-table"
      label={t('partners.title')}
      rowProps={(p) => ({ 'data-partner': p.name })}
    />
  );
}

/** The owner's partners: create one, see them all, issue a partner's sign-in token. */
export function PartnersPage() {
  const t = useBusinessText();
  const { role } = useSession();
  const state = useApiQuery(['partners'], (client) => client.channels.listPartners());
  return (
    <div className="page" data-testid="page-partners">
      <PageHeader title={t('partners.title')} subtitle={t('partners.subtitle')} />
      {mayCall(role, 'channels.createPartner') ? <PartnerForm /> : null}
      <section className="panel flush">
        <AsyncContent state={state}>
          {(partners) =>
            partners.length === 0 ? (
              <EmptyState>{t('partners.empty')}</EmptyState>
            ) : (
              <PartnersTable partners={partners} />
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}
