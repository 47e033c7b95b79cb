import { useEffect, useState } from 'react';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { type BrowserModel, loadBrowserModel } from './browser-model.ts';

export type BrowserModelState =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; loaded: BrowserModel }
  | { status: 'failed'; error: Error };

/**
 * Loads a version into the page once `enabled` (the version is known to be an image model) and
 * frees its tensors when the page goes away or another version is asked for.
 */
export function useBrowserModel(
  name: string,
  version: number,
  enabled: boolean,
): BrowserModelState {
  const client = useClient();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<BrowserModelState>({ status: 'idle' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let loaded: BrowserModel | null = null;
    setState({ status: 'loading' });
    loadBrowserModel(client, name, version).then(
      (model) => {
        loaded = model;
        if (live) setState({ status: 'ready', loaded: model });
        else model.model.dispose();
      },
      (error: unknown) => {
        if (live) setState({ status: 'failed', error: handleError(error) });
      },
    );
    return () => {
      live = false;
      loaded?.model.dispose();
    };
  }, [client, handleError, name, version, enabled]);
  return state;
}
