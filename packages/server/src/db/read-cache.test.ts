import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrateToLatest, openSqlite, readCacheOf } from './database.ts';

const AT = '2030-01-01T00:00:00.000Z';

const partner = (name: string) => ({
  id: 'p1',
  name,
  tier: 'registered',
  region: null,
  channel: 'reseller',
  regions_json: '[]',
  industries_json: '[]',
  model: 'referral',
  currency: 'USD',
  created_at: AT,
});

/** A read of partner p1's name through the cache `name`, counting the reads that hit SQLite. */
function partnerReader(db: Db, name = 'test.partner') {
  let reads = 0;
  const read = () =>
    readCacheOf<string | undefined>(db, name).get('p1', async () => {
      reads++;
      const row = await db
        .selectFrom('partners')
        .select('name')
        .where('id', '=', 'p1')
        .executeTakeFirst();
      return row?.name;
    });
  return { read, reads: () => reads };
}

describe('read cache of the watched tables', () => {
  let dir: string;
  let db: Db;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-read-cache-'));
    db = openSqlite(path.join(dir, 'qudao.db'));
    await migrateToLatest(db);
    await db.insertInto('partners').values(partner('Acme')).execute();
  });
  afterEach(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers from memory until this process writes a watched table', async () => {
    const { read, reads } = partnerReader(db);
    expect(await read()).toBe('Acme');
    expect(await read()).toBe('Acme');
    expect(reads()).toBe(1);
    await db.updateTable('partners').set({ name: 'Acme Ltd' }).where('id', '=', 'p1').execute();
    expect(await read()).toBe('Acme Ltd');
    expect(reads()).toBe(2);
    await db.deleteFrom('partners').where('id', '=', 'p1').execute();
    expect(await read()).toBeUndefined();
    await db.insertInto('partners').values(partner('Back')).execute();
    expect(await read()).toBe('Back');
    expect(reads()).toBe(4);
  });

  it('keeps its entries across writes to tables it does not watch', async () => {
    const { read, reads } = partnerReader(db);
    await read();
    await db
      .insertInto('plans')
      .values({
        id: 'plan1',
        name: 'Std',
        currency: 'USD',
        unit: 'call',
        billed_per: 'row',
        monthly_fee_minor: 0,
        included_units: 0,
        tier_mode: 'graduated',
        tiers_json: '[]',
        quota_units: null,
        overage_price_minor: null,
        rate_per_second: 50,
        burst: 100,
        max_keys: 10,
        created_at: AT,
      })
      .execute();
    expect(await read()).toBe('Acme');
    expect(reads()).toBe(1);
  });

  it('sees a commit by another connection on the same file (the CLI on a running server)', async () => {
    const { read, reads } = partnerReader(db);
    await read();
    const other = openSqlite(path.join(dir, 'qudao.db'));
    try {
      await other.updateTable('partners').set({ name: 'Renamed' }).where('id', '=', 'p1').execute();
    } finally {
      await other.destroy();
    }
    expect(await read()).toBe('Renamed');
    expect(reads()).toBe(2);
  });

  it('does not keep a value read before a write that a later read already saw', async () => {
    const cache = readCacheOf<string | undefined>(db, 'test.racing');
    const name = async () =>
      (await db.selectFrom('partners').select('name').where('id', '=', 'p1').executeTakeFirst())
        ?.name;
    let release = () => {};
    let readDone = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slowRead = new Promise<void>((r) => {
      readDone = r;
    });
    // A slow read sees the old name, then stalls; a write and a fresh read pass it.
    const slow = cache.get('p1', async () => {
      const value = await name();
      readDone();
      await gate;
      return value;
    });
    await slowRead;
    await db.updateTable('partners').set({ name: 'New' }).where('id', '=', 'p1').execute();
    expect(await cache.get('p1', name)).toBe('New');
    release();
    expect(await slow).toBe('Acme');
    expect(await cache.get('p1', async () => 'not read')).toBe('New');
  });
});
