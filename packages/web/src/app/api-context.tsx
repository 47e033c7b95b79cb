import { QudaoApiError, type QudaoClient } from '@qudao/client';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

interface ApiContextValue {
  client: QudaoClient;
  /** Called when the API answers 401: the token is missing, wrong or from an older server run. */
  onUnauthorized: () => void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider(props: ApiContextValue & { children: ReactNode }) {
  const { client, onUnauthorized, children } = props;
  const value = useMemo(() => ({ client, onUnauthorized }), [client, onUnauthorized]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApiContext must be used inside <ApiProvider>');
  return value;
}

export function useClient(): QudaoClient {
  return useApiContext().client;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof QudaoApiError && error.status === 401;
}

/**
 * Reports an API failure: a 401 sends the user to the token screen; anything else is returned
 * so the page can show it.
 */
export function useApiErrorHandler(): (error: unknown) => Error {
  const { onUnauthorized } = useApiContext();
  return useCallback(
    (error: unknown) => {
      if (isUnauthorized(error)) onUnauthorized();
      return error instanceof Error ? error : new Error(String(error));
    },
    [onUnauthorized],
  );
}

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fetcher(client)` when the component mounts and whenever `key` changes. Data loaded for
 * another key is never returned, so a page does not show one grouping's rows under another's.
 */
export function useApi<T>(fetcher: (client: QudaoClient) => Promise<T>, key = ''): ApiState<T> {
  const client = useClient();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<{ key: string; data?: T; error?: Error; loading: boolean }>({
    key,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the fetcher's inputs.
  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, loading: true }));
    fetcher(client).then(
      (data) => {
        if (!cancelled) setState({ key, data, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setState({ key, error: handleError(error), loading: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, handleError, key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || state.loading,
    reload,
  };
}
