import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { PING_PATH } from '../../../src/core/catalog/catalog';
import { TestPki } from './certs';

/** A local stand-in for the ATP service: TLS with the lab chain, answering the sensor API ping. */
export interface AtpService {
  /** The loopback address it listens on. */
  host: string;
  port: number;
  /** Host names (SNI) seen, in order. */
  seen: string[];
  close(): Promise<void>;
}

export interface AtpServiceOptions {
  host?: string;
  port?: number;
  /** Ping status by host name (default 200). */
  pingStatus?: Record<string, number>;
  /** Host names that get the rogue certificate (issuer "ATP Test Root CA"). */
  rogue?: string[];
  /** Holds every accepted connection this long before the TLS handshake starts (to prove probes run in parallel). */
  delayMs?: number;
}

/** Starts the stand-in on 127.0.0.1 (port 0 = any free port). */
export async function startAtpService(pki: TestPki, options: AtpServiceOptions = {}): Promise<AtpService> {
  const genuine = tls.createSecureContext({ cert: pki.genuineChain, key: pki.genuineKey });
  const rogue = tls.createSecureContext({ cert: pki.rogueCert, key: pki.rogueKey });
  const seen: string[] = [];
  const server = https.createServer(
    {
      cert: pki.genuineChain,
      key: pki.genuineKey,
      SNICallback: (name, callback) => {
        seen.push(name);
        callback(null, options.rogue?.includes(name) ? rogue : genuine);
      },
    },
    (request, response) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      const status = request.url === PING_PATH ? (options.pingStatus?.[host] ?? 200) : 404;
      response.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close' });
      response.end(status === 200 ? 'pong' : '');
    },
  );
  const sockets = new Set<net.Socket>();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const hand = (): boolean => server.emit('connection', socket);
    if (options.delayMs) setTimeout(hand, options.delayMs);
    else hand();
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = front.address() as net.AddressInfo;
  return {
    host: address,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        front.close(() => resolve());
      }),
  };
}
