import path from 'node:path';
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

  it('reads the import limits and folders, defaulting to the current folder and the workspace', () => {
    const set = loadConfig(
      {},
      {
        QUDAO_HOME: '/tmp/qd',
        QUDAO_MAX_IMPORT_BYTES: '1000',
        QUDAO_MAX_IMPORT_ENTRIES: '20',
        QUDAO_MAX_LINE_CHARS: '4096',
        QUDAO_MAX_COLUMNS: '50',
        QUDAO_IMPORT_DIRS: ['/data/a', '/data/b'].join(path.delimiter),
      },
    );
    expect(set).toMatchObject({
      maxImportBytes: 1000,
      maxImportEntries: 20,
      maxLineChars: 4096,
      maxColumns: 50,
      importDirs: ['/data/a', '/data/b'],
    });
    const unset = loadConfig({}, { QUDAO_HOME: '/tmp/qd' });
    expect(unset).toMatchObject({
      maxImportBytes: 16 * 1024 ** 3,
      maxImportEntries: 200_000,
      maxLineChars: 8 * 1024 * 1024,
      maxColumns: 20_000,
      importDirs: [process.cwd(), '/tmp/qd'],
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
      ['QUDAO_MAX_IMPORT_BYTES', '-1'],
      ['QUDAO_MAX_IMPORT_ENTRIES', 'many'],
      ['QUDAO_MAX_LINE_CHARS', '10'],
      ['QUDAO_MAX_COLUMNS', '1'],
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
