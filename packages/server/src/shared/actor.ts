import type { Principal } from './principal.ts';

/** How the audit trail names who did something: `owner`, `admin:<token>`, `partner:<token>`… */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'owner':
      return 'owner';
    case 'admin':
    case 'analyst':
    case 'partner':
      return `${principal.kind}:${principal.tokenId}`;
    case 'customer':
      return `customer:${principal.apiKeyId}`;
  }
}
