/** Who is calling: the platform's owner (console, CLI) or a customer with an API key. */
export type Principal =
  | { kind: 'owner' }
  | { kind: 'customer'; customerId: string; partnerId: string | null; apiKeyId: string };

export type Role = Principal['kind'];

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; every /api route must declare it (the check is in auth.plugin). */
    access?: Role[] | 'public';
  }
}
