import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { freePort, stopProcess, waitForPort } from './ports';

/** A real mitmproxy (mitmdump) inspecting TLS, chained to an upstream proxy. */
export interface Mitmproxy {
  port: number;
  /** mitmproxy's own CA certificate (PEM), generated on first start. */
  caPem: string;
  stop(): Promise<void>;
}

/** Starts mitmdump in upstream mode in front of `upstreamPort` (a Squid), with its own CA in a new folder. */
export async function startMitmproxy(parent: string, upstreamPort: number): Promise<Mitmproxy> {
  const dir = await fs.mkdtemp(path.join(parent, 'mitm-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'mitmdump',
    [
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(port),
      '--mode',
      `upstream:http://127.0.0.1:${upstreamPort}`,
      '--set',
      `confdir=${dir}`,
      // The lab service's chain is not in mitmproxy's trust store; it must still talk to it.
      '--set',
      'ssl_insecure=true',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitForPort(port, { process: child, timeoutMs: 30000, log: () => output });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { port, caPem: path.join(dir, 'mitmproxy-ca-cert.pem'), stop: () => stopProcess(child) };
}
