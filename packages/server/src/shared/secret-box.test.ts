import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { secretBox } from './secret-box.ts';

const badKey = () => new AppError('test.bad_key', 500, 'bad key');

describe('secretBox', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-secret-box-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('seals with a fresh nonce, opens only for the same row, and makes its key file 0600', async () => {
    const file = path.join(dir, 'key');
    const box = secretBox({ configured: undefined, file, badKey });
    const a = await box.seal('prv_1', 'sk-secret');
    const b = await box.seal('prv_1', 'sk-secret');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64').includes(Buffer.from('sk-secret'))).toBe(false);
    expect(await box.open('prv_1', a)).toBe('sk-secret');
    await expect(box.open('prv_2', a)).rejects.toThrow();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    // Another box on the same file (another process, a restart) opens it.
    expect(await secretBox({ configured: undefined, file, badKey }).open('prv_1', b)).toBe(
      'sk-secret',
    );
  });

  it('takes a configured key in hex or base64, and refuses one that is not 32 bytes', async () => {
    const hex = 'ab'.repeat(32);
    const file = path.join(dir, 'unused');
    const sealed = await secretBox({ configured: hex, file, badKey }).seal('x', 'v');
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    expect(await secretBox({ configured: base64, file, badKey }).open('x', sealed)).toBe('v');
    await expect(
      secretBox({ configured: 'short', file, badKey }).seal('x', 'v'),
    ).rejects.toMatchObject({ code: 'test.bad_key' });
    // A different key does not open it.
    await expect(
      secretBox({ configured: 'cd'.repeat(32), file, badKey }).open('x', sealed),
    ).rejects.toThrow();
  });
});
