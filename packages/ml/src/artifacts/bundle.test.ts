import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, packBundle, unpackBundle } from './bundle.ts';

describe('model bundles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-bundle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('round-trips an artifact folder with its metadata and refuses tampering', async () => {
    const src = path.join(dir, 'src');
    await mkdir(src);
    await writeFile(path.join(src, 'model.json'), '{"a":1}');
    await writeFile(path.join(src, 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    const bundle = await packBundle(src, { model: 'm', version: 2 });
    const header = await unpackBundle(bundle, path.join(dir, 'out'));
    expect(header.metadata).toEqual({ model: 'm', version: 2 });
    expect(await readFile(path.join(dir, 'out', 'weights.bin'))).toEqual(Buffer.from([1, 2, 3, 4]));
    const tampered = Buffer.from(bundle);
    tampered[tampered.length - 1] = 9;
    await expect(unpackBundle(tampered, path.join(dir, 'bad'))).rejects.toThrow(
      /does not match its hash/,
    );
    await expect(
      unpackBundle(Buffer.from('hello world!'), path.join(dir, 'bad2')),
    ).rejects.toBeInstanceOf(BundleError);
  });
});
