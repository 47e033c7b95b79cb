import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAUNCHER = path.join(ROOT, 'bin/qudao.js');

/**
 * The V8 flags the `qudao` launcher's first line gives node (`#!/usr/bin/env -S node …`), so a
 * server started here runs as `qudao serve` does, on this process's own node binary.
 */
export function launcherFlags(): string[] {
  const shebang = readFileSync(LAUNCHER, 'utf8').split('\n', 1)[0]!;
  const words = shebang.replace(/^#!\s*\S+\s+(-S\s+)?/, '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter(Boolean);
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
}

/**
 * Starts `qudao serve --port 0 --json` on a workspace as a real process on 127.0.0.1, with the
 * launcher's node flags.
 */
export async function startServerProcess(
  home: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [
      ...launcherFlags(),
      LAUNCHER,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--json',
      '--home',
      home,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, QUDAO_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr!.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: proc.stdout! });
  const exited = once(proc, 'exit').then(() => {
    throw new Error(`server exited before it listened: ${stderr}`);
  });
  const listening = (async () => {
    for await (const line of lines) {
      try {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) return parsed.url;
      } catch {
        // not the JSON line
      }
    }
    throw new Error(`server printed no URL: ${stderr}`);
  })();
  const url = await Promise.race([listening, exited]);
  return { proc, url };
}

/** `kill -9`: the process gets no chance to flush or close anything. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const exited = once(server.proc, 'exit');
  server.proc.kill('SIGKILL');
  await exited;
}
