import { ChildProcess } from 'child_process';
import * as net from 'net';

/** A TCP port nothing listens on right now (the kernel picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until the port accepts connections; fails early if the process exits, and after the timeout. */
export async function waitForPort(
  port: number,
  options: { host?: string; timeoutMs?: number; process?: ChildProcess; log?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20000);
  const host = options.host ?? '127.0.0.1';
  while (Date.now() < deadline) {
    if (options.process && options.process.exitCode !== null) {
      throw new Error(`the process exited (${options.process.exitCode}) before listening on ${host}:${port}\n${options.log?.() ?? ''}`);
    }
    if (await tryConnect(port, host)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${options.timeoutMs ?? 20000} ms\n${options.log?.() ?? ''}`);
}

/** Ends a child process: SIGTERM, then SIGKILL if it has not exited in time. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
