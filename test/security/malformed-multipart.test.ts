import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingFixture } from './serving-fixture.ts';

/**
 * #11: malformed multipart (no boundary, unterminated, truncated) on predict and on data upload
 * answered 500 `internal`. Each is now 400 `request.bad_multipart`, and nothing is billed.
 */
describe('malformed multipart bodies', () => {
  let f: Awaited<ReturnType<typeof servingFixture>>;
  beforeAll(async () => {
    f = await servingFixture();
  });
  afterAll(() => f?.close());

  const part = (fileName: string, body: string) =>
    `--b0\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${body}`;
  const variants = (fileName: string): [string, string, string][] => [
    ['no boundary', 'multipart/form-data', `${part(fileName, 'a,b\n1,2\n')}\r\n--b0--\r\n`],
    ['unterminated', 'multipart/form-data; boundary=b0', part(fileName, 'a,b\n1,2\n')],
    [
      'truncated headers',
      'multipart/form-data; boundary=b0',
      '--b0\r\nContent-Disposition: form-da',
    ],
    ['not multipart at all', 'multipart/form-data; boundary=b0', 'hello world'],
  ];

  it('answers 400 request.bad_multipart on predict, for a customer and the owner', async () => {
    for (const token of [f.key, f.ctx.ownerToken]) {
      for (const [name, type, payload] of variants('digit.png')) {
        const r = await f.app.inject({
          method: 'POST',
          url: '/api/v1/endpoints/digits/predict',
          headers: { authorization: `Bearer ${token}`, 'content-type': type },
          payload,
        });
        expect([name, r.statusCode, r.json().error.code]).toEqual([
          name,
          400,
          'request.bad_multipart',
        ]);
      }
    }
    expect(await f.usageEvents()).toEqual([]);
  });

  it('answers 400 request.bad_multipart on data upload', async () => {
    for (const [name, type, payload] of variants('table.csv')) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/datasets/uploaded/upload',
        headers: { authorization: `Bearer ${f.ctx.ownerToken}`, 'content-type': type },
        payload,
      });
      expect([name, r.statusCode, r.json().error.code]).toEqual([
        name,
        400,
        'request.bad_multipart',
      ]);
    }
  });
});
