import { type Customer, contract, type MemberInvitation } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { useTeamText } from './team.messages.ts';

const { MEMBER_ROLES, InviteMemberSchema } = contract;
type MemberRole = (typeof MEMBER_ROLES)[number];

/** The link of a fresh invitation, shown once, with a copy button. */
function InvitationLink({ invitation }: { invitation: contract.CreatedMemberInvitationView }) {
  const t = useTeamText();
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}${invitation.signUpPath}`;
  return (
    <div className="secret-once" data-testid="invitation-link">
      <span>{t('team.linkOnce', { name: invitation.name })}</span> <code>{url}</code>{' '}
      <button
        type="button"
        className="button small"
        onClick={() =>
          navigator.clipboard.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('team.copied') : t('team.copy')}
      </button>
    </div>
  );
}

function InviteForm({ customers }: { customers: Customer[] }) {
  const t = useTeamText();
  const { role } = useSession();
  // Only the owner invites admins (the server says so too: auth.admin_by_owner_only).
  const roles = MEMBER_ROLES.filter((r) => r !== 'admin' || role === 'owner');
  const [values, setValues] = useState({
    role: 'analyst' as MemberRole,
    name: '',
    email: '',
    customerId: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<contract.CreatedMemberInvitationView | null>(null);
  const invite = useApiMutation(
    (client, body: contract.InviteMemberInput) => client.invitations.create({ body }),
    [['invitations']],
  );
  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const submit = () => {
    const parsed = check(InviteMemberSchema, {
      role: values.role,
      name: values.name,
      email: values.email,
      customerId: values.role === 'customer' ? values.customerId || '' : undefined,
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      invite.mutate(parsed.value, {
        onSuccess: (invitation) => {
          setCreated(invitation);
          setValues((v) => ({ ...v, name: '', email: '' }));
        },
      });
  };
  return (
    <>
      <FormPanel
        title={t('team.invite')}
        submit={t('team.send')}
        busy={invite.isPending}
        error={invite.error}
        testId="invite-form"
        onSubmit={submit}
      >
        <Field
          label={t('team.role')}
          name="role"
          errors={errors}
          hint={t(`roleHint.${values.role}`)}
        >
          <select name="role" value={values.role} onChange={(e) => set('role')(e.target.value)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('team.name')} name="name" errors={errors}>
          <input name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
        </Field>
        <Field label={t('team.email')} name="email" errors={errors}>
          <input
            name="email"
            type="email"
            value={values.email}
            onChange={(e) => set('email')(e.target.value)}
          />
        </Field>
        {values.role === 'customer' ? (
          <Field label={t('team.customer')} name="customerId" errors={errors}>
            <select
              name="customerId"
              value={values.customerId}
              onChange={(e) => set('customerId')(e.target.value)}
            >
              <option value="">{t('team.pickCustomer')}</option>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
      </FormPanel>
      {created ? <InvitationLink invitation={created} /> : null}
    </>
  );
}

function RevokeButton({ invitation }: { invitation: MemberInvitation }) {
  const t = useTeamText();
  const revoke = useApiMutation(
    (client, id: string) => client.invitations.revoke({ params: { invitationId: id } }),
    [['invitations']],
  );
  return (
    <>
      <button
        type="button"
        className="button small"
        aria-label={t('team.revokeTitle', { name: invitation.name })}
        disabled={revoke.isPending}
        onClick={() => revoke.mutate(invitation.id)}
      >
        {t('team.revoke')}
      </button>
      {revoke.error ? <ErrorBox error={revoke.error} /> : null}
    </>
  );
}

function InvitationsTable(props: { invitations: MemberInvitation[]; customers: Customer[] }) {
  const t = useTeamText();
  const fmt = useFormat();
  const { role } = useSession();
  const customerName = (id: string | null) =>
    id ? (props.customers.find((c) => c.id === id)?.name ?? id) : '—';
  const columns: Column<MemberInvitation>[] = [
    {
      id: 'name',
      header: t('team.name'),
      value: (i) => i.name,
      cell: (i) => i.name,
      cellClassName: 'strong',
    },
    { id: 'email', header: t('team.email'), value: (i) => i.email, cell: (i) => i.email },
    {
      id: 'role',
      header: t('team.role'),
      value: (i) => t(`role.${i.role}`),
      cell: (i) => t(`role.${i.role}`),
    },
    {
      id: 'customer',
      header: t('team.customer'),
      value: (i) => customerName(i.customerId),
      cell: (i) => customerName(i.customerId),
    },
    {
      id: 'status',
      header: t('team.status'),
      value: (i) => t(`status.${i.status}`),
      cell: (i) => (
        <span
          className={`badge ${i.status === 'accepted' ? 'badge-active' : 'badge-stopped'}`}
          data-status={i.status}
        >
          {t(`status.${i.status}`)}
        </span>
      ),
    },
    {
      id: 'invited',
      header: t('team.invited'),
      value: (i) => i.invitedAt,
      text: (i) => fmt.dateTime(i.invitedAt),
      cell: (i) => fmt.dateTime(i.invitedAt),
    },
    {
      id: 'revoke',
      header: t('team.revoke'),
      cell: (i) =>
        i.status === 'revoked' ||
        i.status === 'expired' ||
        (i.role === 'admin' && role !== 'owner') ? null : (
          <RevokeButton invitation={i} />
        ),
    },
  ];
  return (
    <DataTable
      rows={props.invitations}
      columns={columns}
      rowKey={(i) => i.id}
      testId="invitations-table"
      label={t('team.list')}
      rowProps={(i) => ({ 'data-invitation': i.email })}
    />
  );
}

/** Staff: invite admins, analysts and customers' users to the console; revoke them. */
export function TeamPage() {
  const t = useTeamText();
  const invitations = useApiQuery(['invitations'], (client) => client.invitations.list());
  const customers = useApiQuery(['customers'], (client) => client.channels.listCustomers());
  return (
    <div className="page" data-testid="page-team">
      <PageHeader title={t('team.title')} subtitle={t('team.subtitle')} />
      <AsyncContent state={customers}>
        {(list) => (
          <>
            <InviteForm customers={list} />
            <section className="panel flush">
              <h2 className="panel-title">{t('team.list')}</h2>
              <AsyncContent state={invitations}>
                {(rows) =>
                  rows.length === 0 ? (
                    <EmptyState>{t('team.empty')}</EmptyState>
                  ) : (
                    <InvitationsTable invitations={rows} customers={list} />
                  )
                }
              </AsyncContent>
            </section>
            <p className="muted">{t('team.partnersHint')}</p>
          </>
        )}
      </AsyncContent>
    </div>
  );
}
