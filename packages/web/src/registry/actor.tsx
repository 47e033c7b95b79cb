import { type RegistryKey, useRegistryText } from './registry.messages.ts';

const KINDS = ['owner', 'admin', 'analyst'];

/** `owner`, `admin:<token>` as the registry writes them: the role in words, the id beside it. */
export function useActor() {
  const t = useRegistryText();
  return (actor: string) => {
    const [kind, id] = actor.split(':', 2) as [string, string | undefined];
    if (!KINDS.includes(kind)) return <code>{actor}</code>;
    const word = t(`who.${kind}` as RegistryKey);
    return id ? (
      <>
        {word} <code>{id}</code>
      </>
    ) : (
      word
    );
  };
}
