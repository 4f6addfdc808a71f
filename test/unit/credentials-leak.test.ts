import * as assert from 'assert';
import { DiskIO } from './support/diskIO';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { basicAuthorization, redactCredentials } from '../../src/core/connectivity/credentials';

// Proxy credentials must never come back out: not in the text or JSON report, not on stderr, not in an error,
// even when a hostile proxy echoes the Proxy-Authorization header into its status line, headers or body.

const USER = 'CONTOSO\\svc-atp';
const PASSWORD = 'Pa55:w0rd!s3cr3t';

/** Every form the secret could take in output. */
function secretForms(): string[] {
  const token = basicAuthorization({ user: USER, password: PASSWORD }).slice('Basic '.length);
  return [PASSWORD, `${USER}:${PASSWORD}`, token, encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64')];
}

function assertClean(text: string, where: string): void {
  for (const form of secretForms()) assert.ok(!text.includes(form), `${where} contains "${form}":\n${text}`);
}

/** Proxies that echo whatever Proxy-Authorization they receive, in every place a verdict might quote. */
const ECHOES: Record<string, (auth: string) => string> = {
  'status line of a 407': (auth) => `HTTP/1.1 407 ${auth}\r\nProxy-Authenticate: Basic realm="${auth}"\r\nContent-Length: 0\r\n\r\n`,
  'status line of a 403 and X-Squid-Error': (auth) => `HTTP/1.1 403 Denied ${auth}\r\nX-Squid-Error: ERR_ACCESS_DENIED ${auth}\r\nContent-Length: 0\r\n\r\n`,
  'status line of a 502': (auth) => `HTTP/1.1 502 ${auth.split(' ')[1]} ${decodeURIComponent(PASSWORD)}\r\nContent-Length: 0\r\n\r\n`,
  'an ordinary response instead of a tunnel': (auth) => `HTTP/1.1 301 ${auth}\r\nLocation: http://x/\r\n\r\n`,
  garbage: (auth) => `${auth}\r\n\r\n${PASSWORD}`,
};

describe('proxy credentials never appear in output, even when the proxy echoes them', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-creds-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('redactCredentials removes the password, user:password and its Basic token in every encoding', () => {
    const auth = basicAuthorization({ user: USER, password: PASSWORD });
    const text = `a ${PASSWORD} b ${USER}:${PASSWORD} c ${auth} d ${encodeURIComponent(PASSWORD)} e`;
    const clean = redactCredentials(text, { user: USER, password: PASSWORD });
    assertClean(clean, 'redacted text');
    assert.match(clean, /^a \*\*\* b .*\*\*\* c Basic \*\*\* d \*\*\* e$/);
    // A very short password is not hunted character by character (that would garble every message)...
    assert.strictEqual(redactCredentials('a b c', { user: 'u', password: 'b' }), 'a b c');
    // ...but its Basic token still is.
    const short = basicAuthorization({ user: 'u', password: 'b' });
    assert.strictEqual(redactCredentials(`x ${short}`, { user: 'u', password: 'b' }), 'x Basic ***');
  });

  for (const [name, answer] of Object.entries(ECHOES)) {
    it(`a proxy that echoes them in ${name}: text and JSON reports and stderr stay clean`, async () => {
      const received: (string | undefined)[] = [];
      const server = net.createServer((socket) => {
        socket.on('error', () => undefined);
        let head = '';
        socket.on('data', (chunk: Buffer) => {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          const auth = /^Proxy-Authorization: (.*)\r$/im.exec(head)?.[1];
          // Credentials are sent only in answer to a 407 offering Basic: ask first, then echo what comes.
          socket.end(
            auth === undefined
              ? 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: 0\r\n\r\n'
              : answer(auth),
          );
          received.push(auth);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      try {
        const port = (server.address() as net.AddressInfo).port;
        const file = path.join(dir, 'm.atpproxy.json');
        fs.writeFileSync(
          file,
          JSON.stringify({
            version: 1,
            instance: 'contoso',
            region: 'europe',
            proxy: { mode: 'static', server: `127.0.0.1:${port}` },
            firewall: { port: 443, allow: ['*.atp.azure.com'] },
          }),
        );
        for (const format of ['text', 'json']) {
          const io = new DiskIO({ ATP_PROXY_CREDENTIALS: `${USER}:${PASSWORD}@127.0.0.1:${port}` });
          const code = await run(['test', '--format', format, '--timeout', '3000', file], io);
          assert.strictEqual(code, 1, io.err);
          assertClean(io.out, `${format} report`);
          assertClean(io.err, 'stderr');
          assert.ok(io.out.length > 100);
          if (name.startsWith('status line of a 407')) assert.match(io.out, /proxy-auth/);
        }
        // The proxy did get them (after its 407), so the echo was really tried.
        assert.ok(received.includes(basicAuthorization({ user: USER, password: PASSWORD })), JSON.stringify(received));
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  }

  it('malformed credentials are refused without repeating them', async () => {
    const io = new DiskIO({ ATP_PROXY_CREDENTIALS: `no-colon-${PASSWORD.replace(':', '')}` });
    fs.writeFileSync(path.join(dir, 'x.atpproxy.json'), '{}');
    assert.strictEqual(await run(['test', path.join(dir, 'x.atpproxy.json')], io), 2);
    assert.match(io.err, /must hold user:password/);
    assert.ok(!io.err.includes(PASSWORD.replace(':', '')) && !io.out.includes(PASSWORD.replace(':', '')));
  });
});
