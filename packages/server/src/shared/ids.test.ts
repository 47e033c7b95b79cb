import { describe, expect, it } from 'vitest';
import { newId, sortableId } from './ids.ts';

describe('ids', () => {
  it('sortable ids sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => sortableId('evt'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^evt_[0-9a-z]{11}[A-Za-z0-9_-]{8}$/);
  });

  it('random ids are unique and URL-safe', () => {
    const ids = Array.from({ length: 2000 }, () => newId('cus'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^cus_[A-Za-z0-9_-]{16}$/);
  });
});
