import type { Principal } from '@qudao/client';
import { createContext, type ReactNode, useContext } from 'react';
import { AsyncContent } from '../components/async-content.tsx';
import type { Role } from './access.ts';
import { useApiQuery } from './query.ts';

export interface Session {
  role: Role;
  principal: Principal;
}

const SessionContext = createContext<Session | null>(null);

/** Asks the server who the token belongs to (`GET /me`) before any page is drawn. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const me = useApiQuery(['me'], (client) => client.auth.me(), { staleTime: Infinity });
  return (
    <AsyncContent state={me}>
      {(principal) => (
        <SessionContext.Provider value={{ role: principal.kind, principal }}>
          {children}
        </SessionContext.Provider>
      )}
    </AsyncContent>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
