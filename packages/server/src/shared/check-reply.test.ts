import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from './contract.ts';
import { checkReply } from './mount.ts';
import { ACCESS } from './roles.ts';

const spec = (replyAsBuilt?: boolean) =>
  route({
    method: 'POST',
    path: '/api/v1/things',
    summary: 'a thing',
    access: ACCESS.staff,
    response: z.object({ label: z.string() }),
    ...(replyAsBuilt !== undefined && { replyAsBuilt }),
  });

describe('reply checks on the per-call path', () => {
  const built = { label: 'seven', internal: 'not documented' };

  it('strips undocumented fields by default, and sends a replyAsBuilt reply untouched', () => {
    expect(checkReply(spec(), built, 'strip')).toEqual({ label: 'seven' });
    expect(checkReply(spec(true), built, 'strip')).toBe(built);
  });

  it('still refuses an undocumented field of a replyAsBuilt reply in strict mode (the tests)', () => {
    expect(() => checkReply(spec(true), built, 'strict')).toThrow(
      /does not match its documented schema/,
    );
    expect(() => checkReply(spec(true), { label: 7 }, 'strict')).toThrow(/label/);
  });
});
