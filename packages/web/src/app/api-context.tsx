import { QudaoApiError, type QudaoClient } from '@qudao/client';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';

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
