import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
}

/** Starts `qudao serve --port 0 --json` on a workspace as a real process on 127.0.0.1. */
export async function startServerProcess(
  home: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/qudao.js'),
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
