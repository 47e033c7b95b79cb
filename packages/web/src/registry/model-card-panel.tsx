import { contract, type ModelCard, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { EmptyState } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel, words } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { useActor } from './actor.tsx';
import { useRegistryText } from './registry.messages.ts';

/** The card's written parts, in the order a reader wants them. */
const PARTS = [
  'summary',
  'intendedUse',
  'outOfScope',
  'limitations',
  'ethicalConsiderations',
] as const;
type Part = (typeof PARTS)[number];

type Draft = Record<Part | 'owners', string>;

function draftOf(card: ModelCard): Draft {
  const draft = { owners: (card.owners ?? []).join(', ') } as Draft;
  for (const part of PARTS) draft[part] = card[part] ?? '';
  return draft;
}

function CardForm(props: { card: ModelCard; onDone: () => void }) {
  const t = useRegistryText();
  const { card } = props;
  const [draft, setDraft] = useState(() => draftOf(card));
  const [errors, setErrors] = useState<FieldErrors>({});
  const params = { name: card.model, version: card.version };
  const save = useApiMutation(
    (client: QudaoClient, body: contract.ModelCardInput) =>
      client.registry.setCard({ params, body }),
    [
      ['model-card', card.model, card.version],
      ['model-events', card.model],
    ],
  );
  const submit = () => {
    const body: Record<string, unknown> = {};
    for (const part of PARTS) if (draft[part].trim()) body[part] = draft[part].trim();
    const owners = words(draft.owners);
    if (owners.length) body.owners = owners;
    const parsed = check(contract.ModelCardSchema, body);
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) save.mutate(parsed.value, { onSuccess: props.onDone });
  };
  return (
    <FormPanel
      title={t('card.form')}
      submit={t('card.save')}
      busy={save.isPending}
      error={save.error}
      testId="card-form"
      onSubmit={submit}
    >
      {PARTS.map((part) => (
        <Field key={part} label={t(`card.${part}`)} name={part} errors={errors}>
          <textarea
            name={part}
            rows={part === 'summary' ? 3 : 4}
            value={draft[part]}
            onChange={(e) => setDraft((d) => ({ ...d, [part]: e.target.value }))}
          />
        </Field>
      ))}
      <Field label={t('card.owners')} name="owners" errors={errors} hint={t('card.ownersHint')}>
        <input
          name="owners"
          value={draft.owners}
          onChange={(e) => setDraft((d) => ({ ...d, owners: e.target.value }))}
        />
      </Field>
      <button type="button" className="button" onClick={props.onDone}>
        {t('card.cancel')}
      </button>
    </FormPanel>
  );
}

/** The model card as text (each written part under its heading); edited and saved by staff. */
export function ModelCardPanel({ card }: { card: ModelCard }) {
  const t = useRegistryText();
  const f = useFormat();
  const actor = useActor();
  const { role } = useSession();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (editing)
    return (
      <CardForm
        card={card}
        onDone={() => {
          setEditing(false);
          setSaved(true);
        }}
      />
    );
  const written = PARTS.filter((part) => card[part]);
  return (
    <section className="panel model-card" data-testid="card-panel">
      <div className="panel-head">
        <h2>{t('card.title')}</h2>
        {mayCall(role, 'registry.setCard') ? (
          <button
            type="button"
            className="button small"
            data-testid="card-edit"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('card.edit')}
          </button>
        ) : null}
      </div>
      {saved ? (
        <p className="ok-note" role="status">
          {t('card.saved')}
        </p>
      ) : null}
      {written.length === 0 && !card.owners?.length ? (
        <EmptyState>{t('card.empty')}</EmptyState>
      ) : (
        <dl className="card-text">
          {written.map((part) => (
            <div key={part} data-part={part}>
              <dt>{t(`card.${part}`)}</dt>
              <dd>{card[part]}</dd>
            </div>
          ))}
          {card.owners?.length ? (
            <div data-part="owners">
              <dt>{t('card.owners')}</dt>
              <dd>{card.owners.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      )}
      {card.updatedBy && card.updatedAt ? (
        <p className="muted" data-testid="card-updated">
          {t('card.updated', { when: f.dateTime(card.updatedAt) })} {actor(card.updatedBy)}
        </p>
      ) : null}
    </section>
  );
}
