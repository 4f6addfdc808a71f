import * as assert from 'assert';
import { CliIO } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { isOptionalEndpoint, type EndpointKind } from '../../src/core/catalog/catalog';
import { buildTestPlan, type ProbeResult, type ProbeStatus } from '../../src/core/connectivity';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { summarize } from '../../src/core/usecases/connectivitySummary';

interface Captured {
  io: CliIO;
  out: () => string;
  err: () => string;
}

function fakeIO(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readFile: (p) => {
        if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
        return Buffer.from(files[p]);
      },
      writeFile: () => assert.fail('test must not write'),
      env,
      platform: 'linux',
    },
    out: () => out,
    err: () => err,
  };
}

/** What the current guidance needs of instance contoso: the sensor API on 443, the four revocation lists on 80. */
const SERVICE = 'contososensorapi.atp.azure.com';
const REVOCATION = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];
const RESOLVE = [`${SERVICE}:443:127.0.0.1`, ...REVOCATION.map((h) => `${h}:80:127.0.0.1`)];
const direct = JSON.stringify({ version: 1, instance: 'contoso', region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 1, allow: [] } });

describe('atp-proxy test (CLI)', () => {
  // firewall.port is 1 in the manifest: the test still goes to 443, where the sensor goes (nothing listens on 127.0.0.1:443),
  // and fetches the revocation lists over HTTP on 80 (nothing listens on 127.0.0.1:80 either).
  it('prints the JSON of SPEC section 6 with the file and a summary: the service on 443 with an issuer, revocation lists on 80 with their URL and no issuer', async () => {
    const c = fakeIO({ 'm.json': direct });
    const code = await run(['test', '--format', 'json', '--resolve', RESOLVE.join(','), 'm.json'], c.io);
    assert.strictEqual(code, 1, c.err());
    const parsed = JSON.parse(c.out()) as { file: string; results: Record<string, unknown>[]; summary: Record<string, unknown> };
    assert.deepStrictEqual(Object.keys(parsed), ['file', 'results', 'summary']);
    assert.strictEqual(parsed.file, 'm.json');
    assert.deepStrictEqual({ ...parsed.summary, ms: 0 }, { total: 5, ok: 0, failed: 5, failedOptional: 0, cancelled: false, ms: 0, passed: false });
    const [service, ...revocation] = parsed.results;
    assert.deepStrictEqual(Object.keys(service), ['host', 'port', 'status', 'ms', 'via', 'issuer', 'detail']);
    assert.deepStrictEqual([service.host, service.port, service.status, service.via, service.issuer], [SERVICE, 443, 'refused', 'DIRECT', '']);
    assert.deepStrictEqual(
      revocation.map((r) => [r.host, r.port, String(r.url).split('/')[3]]),
      [
        ['crl.microsoft.com', 80, 'pki'],
        ['ctldl.windowsupdate.com', 80, 'msdownload'],
        ['www.microsoft.com', 80, 'pkiops'],
        ['www.microsoft.com', 80, 'pki'],
      ],
    );
    for (const result of revocation) {
      assert.deepStrictEqual(Object.keys(result), ['host', 'port', 'url', 'status', 'ms', 'via', 'detail']);
      assert.strictEqual(result.status, 'refused', String(result.detail));
      assert.strictEqual(result.via, 'DIRECT');
      assert.match(String(result.detail), /:80 refused the connection: .*Allow TCP 80 to /);
    }
    for (const result of parsed.results) assert.ok(Number.isInteger(result.ms));
  });

  it('prints a table with a summary in text format, each entry with its port', async () => {
    const c = fakeIO({ 'm.json': direct });
    // --resolve repeats as well as taking a list; an entry's extra addresses (curl's HOST:PORT:A,B) stay with it.
    const code = await run(['test', '--resolve', `${SERVICE}:443:127.0.0.1,127.0.0.2`, ...RESOLVE.slice(1).flatMap((r) => ['--resolve', r]), 'm.json'], c.io);
    assert.strictEqual(code, 1);
    assert.doesNotMatch(c.out(), /^dns /m, 'every name was resolved by an override');
    assert.match(c.out(), /STATUS\s+HOST\s+PORT\s+MS\s+VIA\s+ISSUER/);
    assert.match(c.out(), /^refused\s+contososensorapi\.atp\.azure\.com\s+443\s/m);
    assert.match(c.out(), /^refused\s+www\.microsoft\.com\/pkiops\/\*\s+80\s+\d+\s+DIRECT\s+-$/m);
    assert.match(c.out(), /0 of 5 endpoints ok, 5 failed \(5 refused\)/);
  });

  it('exits 2 on usage errors, saying why', async () => {
    const cases: [string[], RegExp][] = [
      [['test'], /no manifest file/],
      [['test', 'missing.json'], /cannot read missing\.json/],
      [['test', '--format', 'xml', 'm.json'], /--format must be one of text, json/],
      [['test', '--timeout', 'soon', 'm.json'], /--timeout must be a whole number/],
      [['test', '--bogus', 'm.json'], /unknown option --bogus/],
      [['test', '--resolve', 'nope', 'm.json'], /HOST:PORT:ADDRESS/],
      [['test', '--ca', 'missing.pem', 'm.json'], /cannot read the CA file missing\.pem/],
      [['test', '--ca', 'not.pem', 'm.json'], /no PEM certificate/],
      [['test', 'noinstance.json'], /no "instance"/],
      [['test', 'broken.json'], /not valid JSONC/],
      [['test', 'wpad.json'], /--pac-url/],
    ];
    for (const [args, pattern] of cases) {
      const c = fakeIO({
        'm.json': direct,
        'not.pem': 'hello',
        'noinstance.json': JSON.stringify({ version: 1, guidance: '2018', region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 443 } }),
        'broken.json': '{ "version": 1, "guidance": "2018", "instance": ',
        'wpad.json': JSON.stringify({ version: 1, guidance: '2018', instance: 'contoso', region: 'europe', proxy: { mode: 'wpad' }, firewall: { port: 443 } }),
      });
      assert.strictEqual(await run(args, c.io), 2, args.join(' '));
      assert.match(c.err(), pattern, args.join(' '));
      assert.strictEqual(c.out(), '');
    }
  });

  it('rejects malformed credentials without echoing them', async () => {
    const c = fakeIO({ 'm.json': direct }, { ATP_PROXY_CREDENTIALS: 'topsecret' });
    assert.strictEqual(await run(['test', 'm.json'], c.io), 2);
    assert.ok(!c.err().includes('topsecret'));
  });
});

describe('connectivity summary: what fails a test', () => {
  const result = (kind: EndpointKind, status: ProbeStatus): ProbeResult => ({
    host: `${kind}.example`,
    port: 443,
    kind,
    status,
    ms: 1,
    via: 'DIRECT',
    issuer: '',
    detail: '',
  });

  it('a failing endpoint the guidance marks optional is reported but passes; a required one fails; a cancelled run fails', () => {
    const optionalFails = summarize({ results: [result('sensorApi', 'ok'), result('console', 'proxy-denied')], cancelled: false, ms: 5 });
    assert.deepStrictEqual(optionalFails, { total: 2, ok: 1, failed: 1, failedOptional: 1, cancelled: false, ms: 5, passed: true });
    assert.strictEqual(summarize({ results: [result('sensorApi', 'timeout'), result('console', 'ok')], cancelled: false, ms: 5 }).passed, false);
    assert.strictEqual(summarize({ results: [result('revocation', 'timeout'), result('console', 'ok')], cancelled: false, ms: 5 }).passed, false);
    assert.strictEqual(summarize({ results: [result('sensorApi', 'ok'), result('console', 'ok')], cancelled: true, ms: 5 }).passed, false);
  });

  it('the catalog marks only the console record optional; service endpoints are on 443 whatever firewall.port says, revocation lists on 80', () => {
    const plan = buildTestPlan(
      settingsOf(
        parseManifest(
          JSON.stringify({ version: 1, guidance: '2018', instance: 'contoso', region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 8443 } }),
        ).manifest,
      ),
    );
    assert.ok(!('problem' in plan));
    assert.deepStrictEqual(
      plan.endpoints.filter((e) => isOptionalEndpoint(e.kind)).map((e) => e.host),
      ['contoso.atp.azure.com'],
    );
    assert.ok(plan.endpoints.every((e) => e.port === (e.kind === 'revocation' ? 80 : 443)));
  });
});
