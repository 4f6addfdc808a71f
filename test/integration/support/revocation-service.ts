import * as http from 'http';
import * as net from 'net';

/** One request the revocation stand-in received, as it arrived. */
export interface SeenRequest {
  method: string;
  /** The request target as sent (origin form `/pki/...` from a proxy or a direct client). */
  url: string;
  host: string;
  /** The Via header a proxy adds to what it forwards ("1.1 host (squid/5.7)"), or "". */
  via: string;
}

/** A local stand-in for Microsoft's revocation hosts: plain HTTP, the published paths answer 200, anything else 404. */
export interface RevocationService {
  host: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the stand-in on host:port, answering GET (and HEAD) of `paths` (with their query, if any) with a small body. */
export async function startRevocationService(host: string, port: number, paths: readonly string[]): Promise<RevocationService> {
  const seen: SeenRequest[] = [];
  const published = new Set(paths);
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', host: request.headers.host ?? '', via: String(request.headers.via ?? '') });
    const found = (request.method === 'GET' || request.method === 'HEAD') && published.has(request.url ?? '');
    response.writeHead(found ? 200 : 404, { 'Content-Type': found ? 'application/pkix-crl' : 'text/plain', Connection: 'close' });
    response.end(found ? 'stand-in list' : 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
