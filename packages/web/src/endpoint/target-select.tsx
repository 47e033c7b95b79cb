import { useApiQuery } from '../app/query.ts';
import { useEndpointText } from './endpoint.messages.ts';

/** A version (`v:3`) or an alias (`a:production`) of a model, as a traffic call takes it. */
export type Target = { version: number } | { alias: string };

export function parseTarget(value: string): Target | null {
  if (value.startsWith('v:')) return { version: Number(value.slice(2)) };
  if (value.startsWith('a:')) return { alias: value.slice(2) };
  return null;
}

/** The versions and aliases of `model` to choose from (aliases only where `aliases`). */
export function TargetSelect(props: {
  model: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  aliases?: boolean;
}) {
  const t = useEndpointText();
  const models = useApiQuery(['models'], (client) => client.registry.list());
  const aliases = useApiQuery(
    ['model-aliases', props.model],
    (client) => client.registry.listAliases({ params: { name: props.model } }),
    { enabled: props.aliases === true },
  );
  const versions = models.data?.find((m) => m.name === props.model)?.versions ?? [];
  return (
    <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{t('choose')}</option>
      {[...versions].reverse().map((v) => (
        <option key={v.version} value={`v:${v.version}`}>
          {t('version', { version: v.version })}
        </option>
      ))}
      {props.aliases
        ? (aliases.data ?? []).map((a) => (
            <option key={a.alias} value={`a:${a.alias}`}>
              {t('alias', { alias: a.alias, version: a.version })}
            </option>
          ))
        : null}
    </select>
  );
}
