import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The real, built server (dist/src/main.js) as a child process, exactly as `npm start` runs it,
 * on its own data directory. Its log goes to `logFile`'s stream so a failure can be read after.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private readonly log: string[] = [];

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
    readonly port: number,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(process.execPath, [join(this.root, 'dist/src/main.js')], {
      cwd: this.root,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.log.push(chunk.toString());
        if (this.log.length > 400) this.log.shift();
      });
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`服务器启动失败:\n${this.output()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`服务器在 ${timeoutMs} ms 内未就绪:\n${this.output()}`);
  }

  output(): string {
    return this.log.join('');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await once(child, 'exit');
    clearTimeout(timer);
  }
}
