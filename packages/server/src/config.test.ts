import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('reads every setting from the environment, with defaults for the unset ones', () => {
    const config = loadConfig(
      {},
      {
        QUDAO_HOME: '/tmp/qd',
        QUDAO_PORT: '8080',
        QUDAO_METERING: 'off',
        QUDAO_BACKEND: 'wasm',
        QUDAO_THREADS: '3',
        QUDAO_SIMD: '',
      },
    );
    expect(config).toMatchObject({
      home: '/tmp/qd',
      port: 8080,
      host: '127.0.0.1',
      metering: 'off',
      backend: 'wasm',
      threads: 3,
      replyValidation: 'strip',
    });
  });

  it('stops on a bad value with the variable named, instead of ignoring it', () => {
    for (const [name, value] of [
      ['QUDAO_THREADS', '0'],
      ['QUDAO_THREADS', 'two'],
      ['QUDAO_BACKEND', 'gpu'],
      ['QUDAO_METERING', 'yes'],
      ['QUDAO_PORT', '70000'],
      ['QUDAO_SIMD', 'avx512'],
    ]) {
      expect(() => loadConfig({}, { [name]: value })).toThrow(
        expect.objectContaining({ code: 'config.invalid', message: expect.stringContaining(name) }),
      );
    }
  });

  it('lets code override the environment', () => {
    expect(
      loadConfig({ port: 0, metering: 'on' }, { QUDAO_PORT: '9', QUDAO_METERING: 'off' }),
    ).toMatchObject({ port: 0, metering: 'on' });
  });
});
