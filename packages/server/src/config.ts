import path from 'node:path';
import { z } from 'zod';
import { parseInput } from './shared/validate.ts';

const EnvSchema = z.object({
  QUDAO_HOME: z.string().min(1).default('.qudao'),
  QUDAO_PORT: z.coerce.number().int().min(0).max(65535).default(7070),
  QUDAO_HOST: z.string().default('127.0.0.1'),
  QUDAO_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  QUDAO_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  QUDAO_REPLY_VALIDATION: z.enum(['strict', 'strip', 'off']).default('strip'),
});

export interface Config {
  /** The workspace folder: database, artifacts, datasets, logs. */
  home: string;
  port: number;
  host: string;
  logLevel: string;
  maxUploadBytes: number;
  /** How replies are checked against their response schemas (http/mount.ts). */
  replyValidation: 'strict' | 'strip' | 'off';
}

/** Reads the configuration from the environment (validated), with overrides from code. */
export function loadConfig(overrides: Partial<Config> = {}, env = process.env): Config {
  const parsed = parseInput(EnvSchema, env, 'environment');
  return {
    home: path.resolve(overrides.home ?? parsed.QUDAO_HOME),
    port: overrides.port ?? parsed.QUDAO_PORT,
    host: overrides.host ?? parsed.QUDAO_HOST,
    logLevel: overrides.logLevel ?? parsed.QUDAO_LOG_LEVEL,
    maxUploadBytes: overrides.maxUploadBytes ?? parsed.QUDAO_MAX_UPLOAD_BYTES,
    replyValidation: overrides.replyValidation ?? parsed.QUDAO_REPLY_VALIDATION,
  };
}

export function homePaths(home: string) {
  return {
    database: path.join(home, 'qudao.db'),
    datasets: path.join(home, 'datasets'),
    models: path.join(home, 'models'),
    logs: path.join(home, 'logs'),
    tmp: path.join(home, 'tmp'),
    ownerToken: path.join(home, 'owner-token'),
  };
}
