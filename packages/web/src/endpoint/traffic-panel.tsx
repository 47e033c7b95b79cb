import type { Endpoint, QudaoClient } from '@qudao/client';
import { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { type EndpointKey, useEndpointText } from './endpoint.messages.ts';
import { parseTarget, TargetSelect } from './target-select.tsx';

type Arm = NonNullable<Endpoint['traffic']['canary']>;

function ArmCard(props: {
  title: string;
  arm: Arm | null;
  who: string;
  testId: string;
  /** The main version's start is not recorded on the endpoint: no "since" for it. */
  main?: boolean;
}) {
  const t = useEndpointText();
  const f = useFormat();
  const { arm } = props;
  return (
    <div className="stat-card" data-testid={props.testId}>
      <div className="stat-label">{props.title}</div>
      <div className="stat-value">
        {arm
          ? t(arm.alias ? 'traffic.armAlias' : 'traffic.arm', {
              version: arm.version,
              alias: arm.alias,
              percent: f.percent(arm.percent / 100, 0),
              who: props.who,
            })
          : t('traffic.none')}
      </div>
      {arm && !props.main ? (
        <div className="stat-hint">{t('traffic.since', { when: f.dateTime(arm.since) })}</div>
      ) : null}
    </div>
  );
}

/** Where the endpoint's calls go, and the buttons that move them (each one API call). */
export function TrafficPanel({ endpoint }: { endpoint: Endpoint }) {
  const t = useEndpointText();
  const { role } = useSession();
  const name = endpoint.name;
  const invalidates = [['endpoint', name], ['endpoint-history', name], ['endpoints']];
  const [switchTo, setSwitchTo] = useState('');
  const [canaryTo, setCanaryTo] = useState('');
  const [canaryPercent, setCanaryPercent] = useState('10');
  const [shadowTo, setShadowTo] = useState('');
  const [shadowPercent, setShadowPercent] = useState('100');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const run = useApiMutation(
    (client, call: (c: QudaoClient) => Promise<Endpoint>) => call(client),
    invalidates,
  );
  const act = (key: EndpointKey, call: (c: QudaoClient) => Promise<Endpoint>) => {
    setDone(null);
    run.mutate(call, { onSuccess: () => setDone(t('done', { action: t(key) })) });
  };
  /** The schema's problems under the form's own field names (a missing target has path []). */
  const fieldErrors = (form: string, problems: FieldErrors): FieldErrors =>
    Object.fromEntries(
      Object.entries(problems).map(([k, v]) => [`${form}.${k === '' ? 'version' : k}`, v]),
    );
  const { traffic } = endpoint;
  const main: Arm = {
    model: endpoint.model,
    version: endpoint.version,
    alias: traffic.alias,
    percent: 100 - (traffic.canary?.percent ?? 0),
    since: endpoint.createdAt,
  };

  const startCanary = () => {
    const body = { ...parseTarget(canaryTo), percent: Number(canaryPercent) };
    const parsed = check(contract.TrafficCanarySchema, body);
    setErrors(parsed.ok ? {} : fieldErrors('canary', parsed.errors));
    if (parsed.ok)
      act('action.canary', (c) => c.traffic.canary({ params: { name }, body: parsed.value }));
  };
  const startShadow = () => {
    const body = { ...parseTarget(shadowTo), percent: Number(shadowPercent) };
    const parsed = check(contract.TrafficShadowSchema, body);
    setErrors(parsed.ok ? {} : fieldErrors('shadow', parsed.errors));
    if (parsed.ok)
      act('action.shadow', (c) => c.traffic.shadow({ params: { name }, body: parsed.value }));
  };
  const switchVersion = () => {
    const body = { name, model: endpoint.model, ...parseTarget(switchTo) };
    const parsed = check(contract.DeploySchema, body);
    setErrors(parsed.ok ? {} : fieldErrors('switch', parsed.errors));
    if (parsed.ok) act('action.deploy', (c) => c.serving.deploy({ body: parsed.value }));
  };
  const change = () => (reason.trim() ? { reason: reason.trim() } : {});

  return (
    <section className="panel" data-testid="traffic-panel">
      <h2>{t('traffic.title')}</h2>
      <div className="traffic-arms">
        <ArmCard
          title={t('traffic.main')}
          arm={main}
          who={t('traffic.callers')}
          testId="arm-main"
          main
        />
        <ArmCard
          title={t('traffic.canary')}
          arm={traffic.canary}
          who={t('traffic.callers')}
          testId="arm-canary"
        />
        <ArmCard
          title={t('traffic.shadow')}
          arm={traffic.shadow}
          who={t('traffic.calls')}
          testId="arm-shadow"
        />
      </div>
      {mayCall(role, 'traffic.canary') ? (
        <div className="action-grid">
          {mayCall(role, 'serving.deploy') ? (
            <form
              className="action-card"
              data-testid="switch-form"
              aria-label={t('switch.title')}
              onSubmit={(e) => {
                e.preventDefault();
                switchVersion();
              }}
            >
              <h3>{t('switch.title')}</h3>
              <Field
                label={t('switch.target')}
                name="switch.version"
                errors={errors}
                hint={t('switch.hint')}
              >
                <TargetSelect
                  model={endpoint.model}
                  name="target"
                  value={switchTo}
                  onChange={setSwitchTo}
                  aliases
                />
              </Field>
              <button type="submit" className="button" disabled={run.isPending}>
                {t('switch.submit')}
              </button>
            </form>
          ) : null}
          <form
            className="action-card"
            data-testid="canary-form"
            aria-label={t('canary.title')}
            onSubmit={(e) => {
              e.preventDefault();
              startCanary();
            }}
          >
            <h3>{t('canary.title')}</h3>
            <Field
              label={t('canary.target')}
              name="canary.version"
              errors={errors}
              hint={t('canary.hint')}
            >
              <TargetSelect
                model={endpoint.model}
                name="target"
                value={canaryTo}
                onChange={setCanaryTo}
                aliases
              />
            </Field>
            <Field label={t('canary.percent')} name="canary.percent" errors={errors}>
              <input
                name="percent"
                type="number"
                min={0}
                max={100}
                value={canaryPercent}
                onChange={(e) => setCanaryPercent(e.target.value)}
              />
            </Field>
            <button type="submit" className="button" disabled={run.isPending}>
              {t('canary.submit')}
            </button>
          </form>
          <form
            className="action-card"
            data-testid="shadow-form"
            aria-label={t('shadow.title')}
            onSubmit={(e) => {
              e.preventDefault();
              startShadow();
            }}
          >
            <h3>{t('shadow.title')}</h3>
            <Field
              label={t('shadow.target')}
              name="shadow.version"
              errors={errors}
              hint={t('shadow.hint')}
            >
              <TargetSelect
                model={endpoint.model}
                name="target"
                value={shadowTo}
                onChange={setShadowTo}
                aliases
              />
            </Field>
            <Field label={t('shadow.percent')} name="shadow.percent" errors={errors}>
              <input
                name="percent"
                type="number"
                min={0}
                max={100}
                value={shadowPercent}
                onChange={(e) => setShadowPercent(e.target.value)}
              />
            </Field>
            <div className="button-row">
              <button type="submit" className="button" disabled={run.isPending}>
                {t('shadow.submit')}
              </button>
              {traffic.shadow ? (
                <button
                  type="button"
                  className="button"
                  data-testid="shadow-stop"
                  disabled={run.isPending}
                  onClick={() =>
                    act('action.shadow.stopped', (c) => c.traffic.stopShadow({ params: { name } }))
                  }
                >
                  {t('shadow.stop')}
                </button>
              ) : null}
            </div>
          </form>
          <div className="action-card" data-testid="decide-card">
            <h3>{t('decide.title')}</h3>
            <Field label={t('decide.reason')} name="reason" hint={t('decide.hint')}>
              <input
                name="reason"
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </Field>
            <div className="button-row">
              <button
                type="button"
                className="button primary"
                data-testid="promote"
                disabled={run.isPending || !traffic.canary}
                onClick={() =>
                  act('action.promote', (c) =>
                    c.traffic.promote({ params: { name }, body: change() }),
                  )
                }
              >
                {t('promote')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="rollback"
                disabled={run.isPending}
                onClick={() =>
                  act('action.rollback', (c) =>
                    c.traffic.rollback({ params: { name }, body: change() }),
                  )
                }
              >
                {t('rollback')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {run.error ? <ErrorBox error={run.error} /> : null}
      {done ? (
        <p className="ok-note" role="status" data-testid="traffic-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}
