import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTinyModel } from '../channels/model.ts';
import { securityServer } from './fixtures.ts';

type Server = Awaited<ReturnType<typeof securityServer>>;

interface Header {
  metadata: Record<string, unknown> | null;
  files: { name: string; bytes: number; sha256: string }[];
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A bundle as `packBundle` writes it (magic, header length, header JSON, files), any header. */
function bundleOf(header: unknown, ...files: (Uint8Array | string)[]): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength);
  return Buffer.concat([
    Buffer.from('QUDAOMV1'),
    length,
    json,
    ...files.map((f) => Buffer.from(f)),
  ]);
}

/**
 * Issue #11: `POST /models/import` with a JSON, text or multipart body, and crafted bundles
 * (header `null`, `{"files":5}`, entries named `..` or `.`, metadata without `dataset`)
 * answered 500; a bundle without files but with a signature was accepted, deployed, and every
 * predict then answered 500. Bundles are validated fully at import (their model loads), and a
 * version whose model does not load fails its deploy while the other endpoints keep serving.
 */
describe('model bundles: validated at import, a broken model fails its deploy', () => {
  let s: Server;
  let exported: Buffer;
  let header: Header;
  let files: Buffer[];
  let image: (i: number) => number[][];

  beforeAll(async () => {
    s = await securityServer();
    ({ image } = await deployTinyModel(s.ctx));
    const res = await s.app.inject({
      method: 'GET',
      url: '/api/v1/models/digits-mlp/versions/1/export',
      headers: { authorization: `Bearer ${s.ctx.ownerToken}` },
    });
    expect(res.statusCode).toBe(200);
    exported = res.rawPayload;
    const length = exported.readUInt32LE(8);
    header = JSON.parse(exported.subarray(12, 12 + length).toString('utf8')) as Header;
    let offset = 12 + length;
    files = header.files.map((f) => {
      const bytes = exported.subarray(offset, offset + f.bytes);
      offset += f.bytes;
      return bytes;
    });
  });
  afterAll(async () => {
    await s?.dispose();
  });

  const send = (payload: Buffer | string, contentType = 'application/octet-stream', as = '') =>
    s.app.inject({
      method: 'POST',
      url: `/api/v1/models/import${as ? `?as=${as}` : ''}`,
      headers: { authorization: `Bearer ${s.ctx.ownerToken}`, 'content-type': contentType },
      payload,
    });
  const versions = async () =>
    (await s.ctx.db.selectFrom('model_versions').select('id').execute()).length;
  const errorOf = (res: { statusCode: number; body: string }) => {
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error.message).toBe('string');
    return { status: res.statusCode, code: body.error.code };
  };

  it('a JSON, text or multipart body is refused as not a bundle', async () => {
    const before = await versions();
    expect(errorOf(await send('{"a":1}', 'application/json'))).toEqual({
      status: 415,
      code: 'request.unsupported_media_type',
    });
    expect(errorOf(await send('hello', 'text/plain'))).toEqual({
      status: 415,
      code: 'request.unsupported_media_type',
    });
    const multipart = `--b\r\ncontent-disposition: form-data; name="file"; filename="m.qudao-model"\r\ncontent-type: application/octet-stream\r\n\r\n${exported.toString('latin1')}\r\n--b--\r\n`;
    expect(errorOf(await send(multipart, 'multipart/form-data; boundary=b'))).toEqual({
      status: 415,
      code: 'request.unsupported_media_type',
    });
    expect(errorOf(await send('', 'application/octet-stream'))).toEqual({
      status: 400,
      code: 'registry.bad_bundle',
    });
    expect(await versions()).toBe(before);
  });

  it('crafted headers and entries answer 400 registry.bad_bundle and register nothing', async () => {
    const before = await versions();
    const { dataset: _dataset, ...withoutDataset } = header.metadata!;
    const real = (metadata: unknown, entries = header.files) =>
      bundleOf({ metadata, files: entries }, ...files);
    const crafted: [string, Buffer][] = [
      ['header null', bundleOf(null)],
      ['header a number', bundleOf(5)],
      ['files a number', bundleOf({ metadata: header.metadata, files: 5 })],
      ['files of strings', bundleOf({ metadata: header.metadata, files: ['model.json'] })],
      [
        'an entry ..',
        bundleOf(
          { metadata: header.metadata, files: [{ name: '..', bytes: 1, sha256: sha256('x') }] },
          'x',
        ),
      ],
      [
        'an entry .',
        bundleOf(
          { metadata: header.metadata, files: [{ name: '.', bytes: 1, sha256: sha256('x') }] },
          'x',
        ),
      ],
      [
        'a path entry',
        bundleOf(
          { metadata: header.metadata, files: [{ name: 'a/b', bytes: 1, sha256: sha256('x') }] },
          'x',
        ),
      ],
      [
        'negative size',
        bundleOf({
          metadata: header.metadata,
          files: [{ name: 'x', bytes: -1, sha256: sha256('') }],
        }),
      ],
      ['a name twice', real(header.metadata, [...header.files, header.files[0]!])],
      ['metadata null', real(null)],
      ['metadata without dataset', real(withoutDataset)],
      ['dataset a string', real({ ...header.metadata, dataset: 'digits' })],
      ['signature without files', bundleOf({ metadata: header.metadata, files: [] })],
      [
        'weights missing',
        bundleOf(
          {
            metadata: header.metadata,
            files: header.files.filter((f) => f.name !== 'weights.bin'),
          },
          ...files.filter((_, i) => header.files[i]!.name !== 'weights.bin'),
        ),
      ],
      ['bytes after the files', Buffer.concat([exported, Buffer.from('junk')])],
      [
        'a model.json that is not a model',
        (() => {
          const broken = files.map((f, i) =>
            header.files[i]!.name === 'model.json' ? Buffer.from('{"format":"layers-model"}') : f,
          );
          const entries = header.files.map((f, i) => ({
            ...f,
            bytes: broken[i]!.byteLength,
            sha256: sha256(broken[i]!),
          }));
          return bundleOf({ metadata: header.metadata, files: entries }, ...broken);
        })(),
      ],
    ];
    for (const [what, bundle] of crafted) {
      const res = await send(bundle);
      expect({ what, ...errorOf(res) }).toEqual({ what, status: 400, code: 'registry.bad_bundle' });
    }
    expect(await versions()).toBe(before);
    // The bundle as exported still imports (the checks refuse only what is wrong).
    const ok = await send(exported, undefined, 'digits-copy');
    expect(ok.statusCode).toBe(201);
    expect(JSON.parse(ok.body)).toMatchObject({ model: 'digits-copy', version: 1 });
  });

  it('a version whose files no longer load fails its deploy; the other endpoints keep serving', async () => {
    const ok = await send(exported, undefined, 'digits-broken');
    expect(ok.statusCode).toBe(201);
    const row = await s.ctx.db
      .selectFrom('model_versions')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .select('model_versions.artifact_path')
      .where('models.name', '=', 'digits-broken')
      .executeTakeFirstOrThrow();
    // Damaged on disk after the import (a bad disk, a hand edit): the deploy finds it.
    await writeFile(path.join(row.artifact_path, 'model.json'), '{"format":"layers-model"}');
    const deploy = await s.owner.post('/api/v1/endpoints', {
      name: 'broken',
      model: 'digits-broken',
      version: 1,
    });
    expect(errorOf(deploy)).toEqual({ status: 422, code: 'serving.model_load_failed' });
    const endpoints = JSON.parse((await s.owner.get('/api/v1/endpoints')).body) as {
      name: string;
    }[];
    expect(endpoints.map((e) => e.name)).toEqual(['digits']);
    const predict = await s.owner.post('/api/v1/endpoints/digits/predict', {
      image: image(0),
    });
    expect(predict.statusCode).toBe(200);
    expect((await s.owner.get('/api/v1/health')).statusCode).toBe(200);
  });
});
