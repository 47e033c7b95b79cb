import { QudaoApiError, type QudaoClient } from '@qudao/client';
import {
  MutationCache,
  QueryCache,
  QueryClient,
  type QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { useClient } from './api-context.tsx';

/** A 4xx is the caller's to fix: retrying it only delays the message. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof QudaoApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

/** The console's query cache; `onUnauthorized` runs on any 401 (the token was refused). */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const on401 = (error: unknown) => {
    if (error instanceof QudaoApiError && error.status === 401) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: on401 }),
    mutationCache: new MutationCache({ onError: on401 }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads `fetcher(client)` under `key` (TanStack Query: cached, retried, shared between pages). */
export function useApiQuery<T>(
  key: QueryKey,
  fetcher: (client: QudaoClient) => Promise<T>,
  options: { enabled?: boolean; refetchInterval?: number | false; staleTime?: number } = {},
): ApiState<T> {
  const client = useClient();
  const query = useQuery({ queryKey: key, queryFn: () => fetcher(client), ...options });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: query.data,
    error: query.error ?? undefined,
    loading: query.isPending || query.isFetching,
    reload,
  };
}

/**
 * A write through the client; on success the queries under each of `invalidates` reload, so
 * the lists on the page show what was just created.
 */
export function useApiMutation<I, O>(
  run: (client: QudaoClient, input: I) => Promise<O>,
  invalidates: QueryKey[] = [],
) {
  const client = useClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => run(client, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((queryKey) => queries.invalidateQueries({ queryKey })));
    },
  });
}
