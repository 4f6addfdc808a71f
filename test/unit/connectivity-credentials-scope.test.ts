import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import { run } from '../../src/cli/main';
import { basicAuthorization } from '../../src/core/connectivity/credentials';
import { MemoryIO } from './support/memoryIO';

// Stored proxy credentials go only to the proxy they were stored for, and only in answer to its 407 that offers
// Basic: never up front, never to a proxy a manifest or a PAC file names instead. Real TCP proxies on 127.0.0.1
// record every CONNECT they receive; `atp-proxy test` runs in process with ATP_PROXY_CREDENTIALS.

const USER = 'CONTOSO\\svc-atp';
const PASSWORD = 'Pa55:w0rd@s3cr3t';
const TOKEN = basicAuthorization({ user: USER, password: PASSWORD });
// The sensor API (CONNECT) and the four revocation lists of the current guidance (GET in absolute form).
const ENDPOINTS = 5;

interface Connect {
  target: string;
  authorization: string | undefined;
}

interface RecordingProxy {
  port: number;
  connects: Connect[];
  close(): Promise<void>;
}

/** A proxy that records each CONNECT (and each GET of a revocation list) and answers what `answer` says (given the Proxy-Authorization it got). */
async function recordingProxy(answer: (authorization: string | undefined) => string): Promise<RecordingProxy> {
  const connects: Connect[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const target = /^(?:CONNECT|GET) (\S+) /.exec(head)?.[1] ?? head.slice(0, 40);
      const authorization = /^Proxy-Authorization: (.*)\r$/im.exec(head)?.[1];
      connects.push({ target, authorization });
      head = '';
      socket.end(answer(authorization));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const CHALLENGE_BASIC =
  'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\n\r\n';
const CHALLENGE_NEGOTIATE =
  'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n';
const FORBIDDEN = 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n';
/** Challenges until it gets credentials, then refuses the tunnel (enough to see what was sent). */
const basicThenForbidden = (authorization: string | undefined): string => (authorization ? FORBIDDEN : CHALLENGE_BASIC);

function staticManifest(port: number): string {
  return JSON.stringify({
    version: 1,
    instance: 'contoso',
    region: 'europe',
    proxy: { mode: 'static', server: `127.0.0.1:${port}`, method: 'sensor' },
    firewall: { port: 443, allow: ['*.atp.azure.com'] },
  });
}

async function cliTest(
  manifest: string,
  credentials: string | undefined,
  extra: string[] = [],
): Promise<{ code: number; io: MemoryIO; results: { status: string; via: string; detail: string }[] }> {
  const io = new MemoryIO({ 'm.atpproxy.json': manifest });
  if (credentials !== undefined) io.env = { ATP_PROXY_CREDENTIALS: credentials };
  const code = await run(['test', '--format', 'json', '--timeout', '3000', ...extra, 'm.atpproxy.json'], io);
  const results = code === 2 ? [] : (JSON.parse(io.out) as { results: { status: string; via: string; detail: string }[] }).results;
  for (const form of [PASSWORD, TOKEN.slice('Basic '.length)]) assert.ok(!io.out.includes(form) && !io.err.includes(form), 'output holds the secret');
  return { code, io, results };
}

describe('proxy credentials: only to the proxy they are for, only after its 407 offering Basic', function () {
  this.timeout(20_000);
  const proxies: RecordingProxy[] = [];
  async function proxy(answer: (authorization: string | undefined) => string): Promise<RecordingProxy> {
    const p = await recordingProxy(answer);
    proxies.push(p);
    return p;
  }
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  it('the first CONNECT carries none; after a 407 offering Basic the CONNECT is sent once more, with them', async () => {
    const p = await proxy(basicThenForbidden);
    const { code, results } = await cliTest(staticManifest(p.port), `${USER}:${PASSWORD}@127.0.0.1:${p.port}`);
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(
      results.map((r) => r.status),
      Array(ENDPOINTS).fill('proxy-denied'),
    );
    assert.strictEqual(p.connects.length, 2 * ENDPOINTS, JSON.stringify(p.connects));
    const byTarget = new Map<string, (string | undefined)[]>();
    for (const c of p.connects) byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c.authorization]);
    for (const [target, sent] of byTarget) assert.deepStrictEqual(sent, [undefined, TOKEN], target);
  });

  it('a proxy that never asks never gets them', async () => {
    const p = await proxy(() => FORBIDDEN);
    const { results } = await cliTest(staticManifest(p.port), `${USER}:${PASSWORD}@127.0.0.1:${p.port}`);
    assert.deepStrictEqual(
      results.map((r) => r.status),
      Array(ENDPOINTS).fill('proxy-denied'),
    );
    assert.strictEqual(p.connects.length, ENDPOINTS);
    assert.ok(
      p.connects.every((c) => c.authorization === undefined),
      JSON.stringify(p.connects),
    );
  });

  it('a 407 that offers only Negotiate/NTLM gets no Basic credentials: proxy-auth', async () => {
    const p = await proxy(() => CHALLENGE_NEGOTIATE);
    const { results } = await cliTest(staticManifest(p.port), `${USER}:${PASSWORD}@127.0.0.1:${p.port}`);
    assert.deepStrictEqual(
      results.map((r) => r.status),
      Array(ENDPOINTS).fill('proxy-auth'),
    );
    assert.ok(
      p.connects.every((c) => c.authorization === undefined),
      JSON.stringify(p.connects),
    );
    assert.match(results[0].detail, /Basic/);
  });

  it("credentials stored for another proxy are not sent to the manifest's proxy, and the detail says for which they are", async () => {
    const p = await proxy(basicThenForbidden);
    const { results, io } = await cliTest(staticManifest(p.port), `${USER}:${PASSWORD}@proxy.contoso.com:8080`);
    assert.deepStrictEqual(
      results.map((r) => r.status),
      Array(ENDPOINTS).fill('proxy-auth'),
    );
    assert.ok(
      p.connects.every((c) => c.authorization === undefined),
      JSON.stringify(p.connects),
    );
    assert.match(io.err, new RegExp(`ATP_PROXY_CREDENTIALS is for the proxy proxy\\.contoso\\.com:8080, not for 127\\.0\\.0\\.1:${p.port} that asked`));
  });

  it('a PAC file that names another proxy gets nothing, and the report says the PAC chose a proxy nobody confirmed', async () => {
    const trusted = await proxy(basicThenForbidden);
    const rogue = await proxy(basicThenForbidden);
    const pac = http.createServer((_request, response) => response.end(`function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${rogue.port}"; }`));
    await new Promise<void>((resolve) => pac.listen(0, '127.0.0.1', () => resolve()));
    try {
      const pacUrl = `http://127.0.0.1:${(pac.address() as net.AddressInfo).port}/proxy.pac`;
      const manifest = JSON.stringify({
        version: 1,
        instance: 'contoso',
        region: 'europe',
        proxy: { mode: 'pac', pacUrl: 'http://pac.contoso.com/proxy.pac', server: `127.0.0.1:${trusted.port}`, method: 'wininet' },
        firewall: { port: 443, allow: ['*.atp.azure.com'] },
      });
      const { results } = await cliTest(manifest, `${USER}:${PASSWORD}@127.0.0.1:${trusted.port}`, ['--pac-url', pacUrl]);
      assert.deepStrictEqual(
        results.map((r) => [r.status, r.via]),
        Array(ENDPOINTS).fill(['proxy-auth', `127.0.0.1:${rogue.port}`]),
      );
      assert.strictEqual(rogue.connects.length, ENDPOINTS);
      assert.ok(
        rogue.connects.every((c) => c.authorization === undefined),
        JSON.stringify(rogue.connects),
      );
      assert.strictEqual(trusted.connects.length, 0);
      for (const r of results)
        assert.match(r.detail, new RegExp(`PAC file chose the proxy 127\\.0\\.0\\.1:${rogue.port}, which is not the manifest's proxy server`));
    } finally {
      await new Promise<void>((resolve) => pac.close(() => resolve()));
    }
  });

  it('ATP_PROXY_CREDENTIALS without the proxy it is for is refused (it would go to any proxy), without repeating it', async () => {
    const { code, io } = await cliTest(staticManifest(1), `${USER}:${PASSWORD}`);
    assert.strictEqual(code, 2);
    assert.match(io.err, /ATP_PROXY_CREDENTIALS must hold user:password@proxyhost:port/);
  });
});
