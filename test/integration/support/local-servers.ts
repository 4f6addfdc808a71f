import * as http from 'http';
import * as net from 'net';

/** A server that answers one file over http (a PAC file) on `host:port` (an ephemeral port of 127.0.0.1 by default). */
export async function serveFile(
  text: string,
  contentType = 'application/x-ns-proxy-autoconfig',
  host = '127.0.0.1',
  port = 0,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': contentType });
    response.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A black hole: accepts connections and never says a word (what a silently dropping device looks like after CONNECT). */
export async function startBlackHole(host: string, port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A captive portal (or a proxy's block page served with 200): every GET on host:port answers an HTML sign-in page. */
export function startCaptivePortal(host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  return serveFile('<!doctype html><title>Sign in</title><form>Sign in to use the network</form>', 'text/html; charset=utf-8', host, port);
}
