import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * The real, built server (dist/src/main.js) as a child process, exactly as `npm start` runs it.
 * One module for every caller that needs it — the simulated year (compiled into dist/scripts) and
 * the crash tier (under ts-jest) — so they all start, wait for and stop the server the same way.
 */

/** The folder with package.json: from dist/scripts/support when built, from scripts/support under ts-jest. */
export const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** The server's stdout and stderr so far (the last ~1 MB), to show when something fails. */
  output: () => string;
  exited: Promise<ServerExit>;
  /** SIGTERM (a graceful shutdown), SIGKILL after `graceMs`; resolves once the process is gone. */
  stop: (graceMs?: number) => Promise<ServerExit>;
  /** SIGKILL: the crash the crash tier simulates. */
  kill: () => Promise<ServerExit>;
}

export interface StartOptions {
  /** The port to listen on; a free one by default (a restart passes the previous one). */
  port?: number;
  timeoutMs?: number;
  /** Node flags for the server only, e.g. ['--cpu-prof'] (which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

const OUTPUT_LIMIT = 1 << 20;

/**
 * Starts the built server with `env` on top of this process's environment and waits until
 * /api/health answers 200. Rejects with the server's output if it exits or does not come up.
 */
export async function startServer(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 60_000;
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(ROOT, 'dist/src/main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LOGIN_RATE_LIMIT: '100000',
        PUBLIC_RATE_LIMIT: '100000',
        // The crash tier and the simulated year drive the workflow for months of the simulated
        // clock: no password expiry and no second factor, unless a caller's env asks for them.
        PASSWORD_MAX_AGE_DAYS_PRIVILEGED: '0',
        REQUIRE_TOTP_ROLES: '',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<ServerExit>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const signal = async (sig: NodeJS.Signals, graceMs?: number): Promise<ServerExit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(sig);
      if (graceMs !== undefined) {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      }
    }
    return exited;
  };
  const server: ServerProcess = {
    child,
    port,
    base,
    output: () => out,
    exited,
    stop: (graceMs = 10_000) => signal('SIGTERM', graceMs),
    kill: () => signal('SIGKILL'),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`服务器启动失败(server exited on start):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`服务器在 ${timeoutMs} ms 内未就绪(server did not come up):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
